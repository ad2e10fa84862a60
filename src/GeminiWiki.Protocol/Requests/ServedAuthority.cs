using System.Net;

namespace GeminiWiki.Protocol.Requests;

/// <summary>
/// What this server answers for: its host names, the port clients address it by, and whether
/// Titan uploads are accepted. IP-literal hosts are served when they name the address the
/// connection arrived on, so clients that send no SNI still work.
/// </summary>
public sealed class ServedAuthority
{
    public const int DefaultGeminiPort = 1965;

    private readonly HashSet<string> _hostNames;

    public ServedAuthority(IEnumerable<string> hostNames, int port, bool acceptTitan)
    {
        _hostNames = new HashSet<string>(hostNames.Select(NormalizeHost), StringComparer.Ordinal);
        if (_hostNames.Count == 0)
        {
            throw new ArgumentException("At least one host name is required.", nameof(hostNames));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        Port = port;
        AcceptTitan = acceptTitan;
    }

    public int Port { get; }

    public bool AcceptTitan { get; }

    public IReadOnlyCollection<string> HostNames => _hostNames;

    /// <summary>Host comparison is case-insensitive and a trailing dot names the same host.</summary>
    public static string NormalizeHost(string host)
    {
        var lower = host.ToLowerInvariant();
        return lower.Length > 1 && lower.EndsWith('.') ? lower[..^1] : lower;
    }

    public bool ServesHost(string normalizedHost, IPAddress? localAddress)
    {
        if (_hostNames.Contains(normalizedHost))
        {
            return true;
        }

        var literal = normalizedHost.StartsWith('[') && normalizedHost.EndsWith(']') ? normalizedHost[1..^1] : normalizedHost;
        if (!IPAddress.TryParse(literal, out var address))
        {
            return false;
        }

        if (localAddress is null)
        {
            return IPAddress.IsLoopback(address);
        }

        return Unmap(address).Equals(Unmap(localAddress))
            || (IPAddress.IsLoopback(address) && IPAddress.IsLoopback(Unmap(localAddress)));
    }

    public bool ServesPort(int? port) => (port ?? DefaultGeminiPort) == Port;

    private static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
