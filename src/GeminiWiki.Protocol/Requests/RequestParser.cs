using System.Globalization;
using System.Net;
using System.Text;
using GeminiWiki.Protocol.Titan;

namespace GeminiWiki.Protocol.Requests;

/// <summary>
/// Turns the bytes of one request line (without its CRLF) into a <see cref="GeminiRequest"/> or a
/// <see cref="RequestRejectionReason"/>. Pure: it never sees a stream, a socket or a logger.
/// </summary>
public static class RequestParser
{
    public const int MaxRequestBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryParse(
        ReadOnlySpan<byte> line,
        ServedAuthority served,
        IPAddress? localAddress,
        out GeminiRequest? request,
        out RequestRejectionReason reason)
    {
        request = null;
        reason = default;
        if (!TryParseCore(line, served, localAddress, out request, out var rejection))
        {
            reason = rejection!.Value;
            return false;
        }

        return true;
    }

    private static bool TryParseCore(
        ReadOnlySpan<byte> line,
        ServedAuthority served,
        IPAddress? localAddress,
        out GeminiRequest? request,
        out RequestRejectionReason? reason)
    {
        request = null;
        reason = null;
        if (line.Length == 0)
        {
            return Fail(RequestRejectionReason.EmptyRequest, out reason);
        }

        if (line.Length > MaxRequestBytes)
        {
            return Fail(RequestRejectionReason.RequestTooLong, out reason);
        }

        if (line.StartsWith("\uFEFF"u8))
        {
            return Fail(RequestRejectionReason.ByteOrderMark, out reason);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            return Fail(RequestRejectionReason.InvalidUtf8, out reason);
        }

        foreach (var c in text)
        {
            // C0, DEL and C1 controls; a bare LF or CR inside the line lands here too.
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            {
                return Fail(RequestRejectionReason.ControlCharacter, out reason);
            }
        }

        // scheme ":" — a relative reference ("/", "//host/", junk) has none.
        var colon = text.IndexOf(':');
        var firstDelimiter = text.AsSpan().IndexOfAny("/?# ");
        if (colon <= 0 || (firstDelimiter >= 0 && firstDelimiter < colon))
        {
            return Fail(RequestRejectionReason.NotAbsoluteUri, out reason);
        }

        var scheme = text[..colon];
        if (!char.IsAsciiLetter(scheme[0]) || scheme.AsSpan().ContainsAnyExcept(SchemeChars))
        {
            return Fail(RequestRejectionReason.InvalidScheme, out reason);
        }

        GeminiScheme parsedScheme;
        if (scheme.Equals("gemini", StringComparison.OrdinalIgnoreCase))
        {
            parsedScheme = GeminiScheme.Gemini;
        }
        else if (scheme.Equals("titan", StringComparison.OrdinalIgnoreCase) && served.AcceptTitan)
        {
            parsedScheme = GeminiScheme.Titan;
        }
        else
        {
            return Fail(RequestRejectionReason.UnsupportedScheme, out reason);
        }

        var rest = text.AsSpan(colon + 1);
        if (!rest.StartsWith("//"))
        {
            return Fail(RequestRejectionReason.MissingAuthority, out reason);
        }

        rest = rest[2..];
        if (rest.Contains('#'))
        {
            return Fail(RequestRejectionReason.Fragment, out reason);
        }

        foreach (var c in rest)
        {
            if (c < 0x80 && !UriChars.Contains(c))
            {
                return Fail(RequestRejectionReason.InvalidCharacter, out reason);
            }
        }

        var authorityEnd = rest.IndexOfAny('/', '?');
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var pathAndQuery = authorityEnd < 0 ? ReadOnlySpan<char>.Empty : rest[authorityEnd..];

        if (authority.Contains('@'))
        {
            return Fail(RequestRejectionReason.UserInfo, out reason);
        }

        if (!TryParseAuthority(authority, out var host, out var port, out reason))
        {
            return false;
        }

        var queryStart = pathAndQuery.IndexOf('?');
        var rawPath = queryStart < 0 ? pathAndQuery : pathAndQuery[..queryStart];
        string? query = queryStart < 0 ? null : pathAndQuery[(queryStart + 1)..].ToString();

        TitanParameters? titan = null;
        if (parsedScheme == GeminiScheme.Titan)
        {
            var parameterStart = FindTitanParameters(rawPath);
            if (parameterStart < 0)
            {
                return Fail(RequestRejectionReason.TitanMissingSize, out reason);
            }

            if (!TryParseTitanParameters(rawPath[(parameterStart + 1)..], out titan, out reason))
            {
                return false;
            }

            rawPath = rawPath[..parameterStart];
        }

        if (!HasValidEscapes(rawPath) || (query is not null && !HasValidEscapes(query)))
        {
            return Fail(RequestRejectionReason.InvalidPercentEncoding, out reason);
        }

        // A request for another host is refused as such (53), whatever its path.
        if (!served.ServesHost(host, localAddress))
        {
            return Fail(RequestRejectionReason.HostNotServed, out reason);
        }

        if (!served.ServesPort(port))
        {
            return Fail(RequestRejectionReason.PortNotServed, out reason);
        }

        if (!PathNormalizer.TryNormalize(rawPath.ToString(), out var path))
        {
            return Fail(RequestRejectionReason.PathAboveRoot, out reason);
        }

        request = new GeminiRequest
        {
            Url = text,
            Scheme = parsedScheme,
            Host = host,
            Port = port,
            Path = path,
            Query = query,
            Titan = titan,
        };
        return true;
    }

    private static bool TryParseAuthority(ReadOnlySpan<char> authority, out string host, out int? port, out RequestRejectionReason? reason)
    {
        host = string.Empty;
        port = null;
        reason = null;
        ReadOnlySpan<char> hostPart;
        ReadOnlySpan<char> portPart;
        var hasPort = false;

        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(authority[1..close], out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return Fail(RequestRejectionReason.InvalidHost, out reason);
            }

            hostPart = authority[..(close + 1)];
            var after = authority[(close + 1)..];
            if (after.Length > 0 && after[0] != ':')
            {
                return Fail(RequestRejectionReason.InvalidHost, out reason);
            }

            hasPort = after.Length > 0;
            portPart = hasPort ? after[1..] : ReadOnlySpan<char>.Empty;
        }
        else
        {
            var lastColon = authority.LastIndexOf(':');
            hasPort = lastColon >= 0;
            hostPart = hasPort ? authority[..lastColon] : authority;
            portPart = hasPort ? authority[(lastColon + 1)..] : ReadOnlySpan<char>.Empty;
            if (hostPart.Length == 0)
            {
                return Fail(RequestRejectionReason.EmptyHost, out reason);
            }

            foreach (var c in hostPart)
            {
                // reg-name: unreserved and sub-delims; non-ASCII is allowed for internationalised names.
                if (c < 0x80 && !char.IsAsciiLetterOrDigit(c) && "-._~!$&'()*+,;=".IndexOf(c) < 0)
                {
                    return Fail(RequestRejectionReason.InvalidHost, out reason);
                }
            }
        }

        if (hasPort && portPart.Length > 0)
        {
            if (portPart.Length > 5 || portPart.ContainsAnyExceptInRange('0', '9')
                || !int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number is < 1 or > 65535)
            {
                return Fail(RequestRejectionReason.InvalidPort, out reason);
            }

            port = number;
        }

        host = ServedAuthority.NormalizeHost(hostPart.ToString());
        if (host.Length == 0 || host == ".")
        {
            return Fail(RequestRejectionReason.EmptyHost, out reason);
        }

        return true;
    }

    private static bool TryParseTitanParameters(ReadOnlySpan<char> text, out TitanParameters? parameters, out RequestRejectionReason? reason)
    {
        parameters = null;
        reason = null;
        long? size = null;
        var mime = TitanParameters.DefaultMime;
        string? token = null;

        foreach (var range in text.Split(';'))
        {
            var item = text[range];
            if (item.Length == 0)
            {
                continue;
            }

            var equals = item.IndexOf('=');
            if (equals <= 0)
            {
                return Fail(RequestRejectionReason.TitanInvalidParameter, out reason);
            }

            var name = item[..equals];
            if (!PercentEncoding.TryDecode(item[(equals + 1)..].ToString(), out var value))
            {
                return Fail(RequestRejectionReason.TitanInvalidParameter, out reason);
            }

            if (name.Equals("size", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Length == 0 || value.Length > 18 || value.AsSpan().ContainsAnyExceptInRange('0', '9'))
                {
                    return Fail(RequestRejectionReason.TitanInvalidSize, out reason);
                }

                size = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("mime", StringComparison.OrdinalIgnoreCase))
            {
                mime = value.Length == 0 ? TitanParameters.DefaultMime : value;
            }
            else if (name.Equals("token", StringComparison.OrdinalIgnoreCase))
            {
                token = value;
            }

            // Other parameters are ignored, so future clients keep working.
        }

        if (size is null)
        {
            return Fail(RequestRejectionReason.TitanMissingSize, out reason);
        }

        parameters = new TitanParameters(size.Value, mime, token);
        return true;
    }

    /// <summary>
    /// Where the Titan parameters begin: the first ';' followed by "name=". A ';' that is not (as
    /// in "/notes;draft/page") is part of a path segment. The last segment cannot simply be taken
    /// as what follows the last '/', because a MIME value such as text/plain holds one.
    /// </summary>
    private static int FindTitanParameters(ReadOnlySpan<char> path)
    {
        var offset = 0;
        while (true)
        {
            var semicolon = path[offset..].IndexOf(';');
            if (semicolon < 0)
            {
                return -1;
            }

            var start = offset + semicolon;
            var item = path[(start + 1)..];
            var itemEnd = item.IndexOfAny(';', '/');
            if (itemEnd >= 0)
            {
                item = item[..itemEnd];
            }

            var equals = item.IndexOf('=');
            if (equals > 0 && !item[..equals].ContainsAnyExcept(ParameterNameChars))
            {
                return start;
            }

            offset = start + 1;
        }
    }

    private static bool HasValidEscapes(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%')
            {
                if (i + 2 >= value.Length || !PercentEncoding.IsHex(value[i + 1]) || !PercentEncoding.IsHex(value[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
        }

        return true;
    }

    private static bool Fail(RequestRejectionReason why, out RequestRejectionReason? reason)
    {
        reason = why;
        return false;
    }

    private static readonly System.Buffers.SearchValues<char> ParameterNameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly System.Buffers.SearchValues<char> SchemeChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-.");

    // Every ASCII character that may appear in a URI after the scheme (RFC 3986 reserved, unreserved and '%').
    private static readonly System.Buffers.SearchValues<char> UriChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%");
}
