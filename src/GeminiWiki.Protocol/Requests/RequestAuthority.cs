using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GeminiWiki.Protocol.Requests;

/// <summary>
/// The authority of a request URI: the host, normalised (lower case, no trailing dot; an IPv6
/// literal keeps its brackets), and the port when the URI names one. Parsing checks the syntax
/// only; whether this server answers for it is <see cref="CheckServedBy"/>.
/// </summary>
public readonly record struct RequestAuthority(string Host, int? Port)
{
    // reg-name: unreserved and sub-delims; non-ASCII is allowed for internationalised names.
    private static readonly SearchValues<char> RegNameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=");

    /// <summary>Parses the text between "//" and the path; an empty port (<c>host:</c>) is no port.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out RequestAuthority authority, out RequestRejectionReason reason)
    {
        authority = default;
        reason = default;
        if (text.Contains('@'))
        {
            return Fail(RequestRejectionReason.UserInfo, out reason);
        }

        ReadOnlySpan<char> hostPart;
        ReadOnlySpan<char> portPart;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(text[1..close], out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return Fail(RequestRejectionReason.InvalidHost, out reason);
            }

            hostPart = text[..(close + 1)];
            var after = text[(close + 1)..];
            if (after.Length > 0 && after[0] != ':')
            {
                return Fail(RequestRejectionReason.InvalidHost, out reason);
            }

            portPart = after.Length > 0 ? after[1..] : ReadOnlySpan<char>.Empty;
        }
        else
        {
            var lastColon = text.LastIndexOf(':');
            hostPart = lastColon >= 0 ? text[..lastColon] : text;
            portPart = lastColon >= 0 ? text[(lastColon + 1)..] : ReadOnlySpan<char>.Empty;
            if (hostPart.Length == 0)
            {
                return Fail(RequestRejectionReason.EmptyHost, out reason);
            }

            foreach (var c in hostPart)
            {
                if (c < 0x80 && !RegNameChars.Contains(c))
                {
                    return Fail(RequestRejectionReason.InvalidHost, out reason);
                }
            }
        }

        int? port = null;
        if (portPart.Length > 0)
        {
            if (portPart.Length > 5 || portPart.ContainsAnyExceptInRange('0', '9')
                || !int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number is < 1 or > 65535)
            {
                return Fail(RequestRejectionReason.InvalidPort, out reason);
            }

            port = number;
        }

        var host = ServedAuthority.NormalizeHost(hostPart.ToString());
        if (host.Length == 0 || host == ".")
        {
            return Fail(RequestRejectionReason.EmptyHost, out reason);
        }

        authority = new RequestAuthority(host, port);
        return true;
    }

    /// <summary>
    /// Null when this server answers for the host and port; otherwise why not. An IP-literal host
    /// is checked against <paramref name="localAddress"/>, the address the connection arrived on.
    /// </summary>
    public RequestRejectionReason? CheckServedBy(ServedAuthority served, IPAddress? localAddress) =>
        !served.ServesHost(Host, localAddress) ? RequestRejectionReason.HostNotServed
        : !served.ServesPort(Port) ? RequestRejectionReason.PortNotServed
        : null;

    private static bool Fail(RequestRejectionReason why, out RequestRejectionReason reason)
    {
        reason = why;
        return false;
    }
}
