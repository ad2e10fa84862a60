using System.Net;
using System.Net.Sockets;

namespace GeminiWiki.LoadGen.Options;

/// <summary>
/// Where the load goes. Only loopback addresses are ever targets: load tests here must not leave
/// the machine, so a name must resolve to loopback addresses only, or the run is refused.
/// </summary>
public sealed record LoopbackTarget(string Scheme, string Host, int Port, IPEndPoint EndPoint)
{
    public const int DefaultPort = 1965;

    public static async Task<LoopbackTarget> ResolveAsync(string urlTemplate, CancellationToken cancellationToken)
    {
        // The {n} placeholder is no valid URI text; any number stands in for it while parsing.
        if (!Uri.TryCreate(urlTemplate.Replace("{n}", "0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            throw new UsageException($"'{urlTemplate}' is not an absolute URL.");
        }

        var scheme = uri.Scheme.ToLowerInvariant();
        if (scheme is not ("gemini" or "titan"))
        {
            throw new UsageException($"Only gemini:// and titan:// URLs are supported, not {scheme}://.");
        }

        var host = uri.IdnHost;
        var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port;
        IPAddress[] addresses;
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            addresses = [address];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new UsageException($"Cannot resolve '{host}': {ex.Message}.");
            }
        }

        if (addresses.Length == 0)
        {
            throw new UsageException($"'{host}' resolves to no address.");
        }

        foreach (var candidate in addresses)
        {
            if (!IsLoopback(candidate))
            {
                throw new NotLoopbackException($"Refusing {host} ({candidate}): load is only ever sent to loopback addresses (127.0.0.0/8, ::1).");
            }
        }

        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
        return new LoopbackTarget(scheme, host, port, new IPEndPoint(chosen, port));
    }

    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}

public sealed class NotLoopbackException(string message) : Exception(message);
