using System.Net;

namespace GeminiWiki.LoadGen.Options;

/// <summary>
/// The loopback addresses an idle crowd comes from: 127.0.0.2 … 127.0.0.(K+1). On Linux all of
/// 127.0.0.0/8 is local, so a socket can bind any of them; 127.0.0.1 is left to the measured
/// clients, so the server can tell the crowd from them only by the limits it enforces.
/// </summary>
public static class SourceAddresses
{
    public const int Max = 253; // 127.0.0.2 … 127.0.0.254: one /24, like the attackers' own network

    private const int FirstHost = 2;

    /// <summary>The address of the <paramref name="index"/>-th connection: round-robin, so K addresses share N connections evenly.</summary>
    public static IPAddress For(int index, int sources)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(sources, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sources, Max);
        return new IPAddress([127, 0, 0, (byte)(FirstHost + (index % sources))]);
    }

    /// <summary>How many of <paramref name="connections"/> each address carries, in address order.</summary>
    public static IReadOnlyList<(IPAddress Address, int Connections)> Spread(int connections, int sources)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(connections);
        var used = Math.Min(connections, sources);
        var spread = new (IPAddress, int)[used];
        for (var i = 0; i < used; i++)
        {
            // The first (connections % sources) addresses carry one more.
            spread[i] = (For(i, sources), (connections / sources) + (i < connections % sources ? 1 : 0));
        }

        return spread;
    }
}
