using System.Buffers;
using System.Text;

namespace GeminiWiki.Protocol.Requests;

/// <summary>RFC 3986 percent-encoding with strict UTF-8: '+' is a plus sign, never a space.</summary>
public static class PercentEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // unreserved / sub-delims / ":" / "@" — what may stand unencoded in a path segment (RFC 3986 3.3).
    private static readonly SearchValues<char> SegmentSafe =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@");

    // Query allows "/" and "?" as well.
    private static readonly SearchValues<char> QuerySafe =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?");

    /// <summary>Decodes %XX escapes; false when an escape is malformed or the bytes are not UTF-8.</summary>
    public static bool TryDecode(string value, out string decoded)
    {
        if (!value.Contains('%'))
        {
            decoded = value;
            return true;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> scratch = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
                {
                    decoded = string.Empty;
                    return false;
                }

                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 2;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    decoded = string.Empty;
                    return false;
                }

                var written = Encoding.UTF8.GetBytes(value.AsSpan(i, 2), scratch);
                bytes.AddRange(scratch[..written].ToArray());
                i++;
                continue;
            }

            if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                var written = Encoding.UTF8.GetBytes(value.AsSpan(i, 1), scratch);
                bytes.AddRange(scratch[..written].ToArray());
            }
        }

        try
        {
            decoded = StrictUtf8.GetString(bytes.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            decoded = string.Empty;
            return false;
        }
    }

    /// <summary>Encodes text for use as one path segment ('/' and '?' are escaped).</summary>
    public static string EncodeSegment(string text) => Encode(text, SegmentSafe);

    /// <summary>Encodes text for use as a query (what a client sends after '?').</summary>
    public static string EncodeQuery(string text) => Encode(text, QuerySafe);

    internal static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    internal static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static string Encode(string text, SearchValues<char> safe)
    {
        if (!text.AsSpan().ContainsAnyExcept(safe))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && safe.Contains((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var count = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < count; i++)
            {
                builder.Append('%').Append(utf8[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
