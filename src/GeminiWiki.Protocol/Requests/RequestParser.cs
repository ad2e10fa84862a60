using System.Buffers;
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
        var authorityText = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var pathAndQuery = authorityEnd < 0 ? ReadOnlySpan<char>.Empty : rest[authorityEnd..];
        if (!RequestAuthority.TryParse(authorityText, out var authority, out reason))
        {
            return false;
        }

        var queryStart = pathAndQuery.IndexOf('?');
        var rawPath = queryStart < 0 ? pathAndQuery : pathAndQuery[..queryStart];
        string? query = queryStart < 0 ? null : pathAndQuery[(queryStart + 1)..].ToString();

        TitanParameters? titan = null;
        if (parsedScheme == GeminiScheme.Titan)
        {
            if (!TitanParameterParser.TrySplit(rawPath, out var pathLength, out titan, out reason))
            {
                return false;
            }

            rawPath = rawPath[..pathLength];
        }

        if (!HasValidEscapes(rawPath) || (query is not null && !HasValidEscapes(query)))
        {
            return Fail(RequestRejectionReason.InvalidPercentEncoding, out reason);
        }

        // A request for another host or port is refused as such (53), whatever its path.
        if (authority.CheckServedBy(served, localAddress) is { } notServed)
        {
            return Fail(notServed, out reason);
        }

        if (!PathNormalizer.TryNormalize(rawPath.ToString(), out var path))
        {
            return Fail(RequestRejectionReason.PathAboveRoot, out reason);
        }

        request = new GeminiRequest
        {
            Url = text,
            Scheme = parsedScheme,
            Host = authority.Host,
            Port = authority.Port,
            Path = path,
            Query = query,
            Titan = titan,
        };
        return true;
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

    private static bool Fail(RequestRejectionReason why, out RequestRejectionReason reason)
    {
        reason = why;
        return false;
    }

    private static readonly SearchValues<char> SchemeChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-.");

    // Every ASCII character that may appear in a URI after the scheme (RFC 3986 reserved, unreserved and '%').
    private static readonly SearchValues<char> UriChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%");
}
