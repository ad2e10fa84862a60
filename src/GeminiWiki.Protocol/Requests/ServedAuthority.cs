using System.Diagnostics.CodeAnalysis;
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

        if (!TryParseLiteral(normalizedHost, out var address))
        {
            return false;
        }

        if (localAddress is null)
        {
            return IPAddress.IsLoopback(address);
        }

        return SameAddress(Unmap(address), Unmap(localAddress))
            || (IPAddress.IsLoopback(address) && IPAddress.IsLoopback(Unmap(localAddress)));
    }

    /// <summary>
    /// An IP literal as RFC 3986 writes it: "[v6]" or a dotted quad of four decimal octets.
    /// IPAddress.TryParse alone would also take "127.1", "2130706433" or "0x7f.0.0.1", which
    /// in a URI are host names, not addresses, and must not be served as if they were ours.
    /// </summary>
    private static bool TryParseLiteral(string host, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out address)
                && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        var octets = host.Split('.');
        if (octets.Length != 4)
        {
            return false;
        }

        foreach (var octet in octets)
        {
            // dec-octet: 0-255 without leading zeros.
            if (octet.Length is 0 or > 3 || !octet.All(char.IsAsciiDigit) || (octet.Length > 1 && octet[0] == '0') || int.Parse(octet, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return IPAddress.TryParse(host, out address);
    }

    // IPAddress.Equals also compares the IPv6 scope: a link-local connection carries one, the URI does not.
    private static bool SameAddress(IPAddress a, IPAddress b) =>
        a.AddressFamily == b.AddressFamily && a.GetAddressBytes().AsSpan().SequenceEqual(b.GetAddressBytes());

    public bool ServesPort(int? port) => (port ?? DefaultGeminiPort) == Port;

    private static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
