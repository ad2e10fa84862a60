using System.Text;

namespace GeminiWiki.Protocol.Requests;

/// <summary>RFC 3986 path normalisation: decode escaped unreserved characters, remove dot-segments.</summary>
public static class PathNormalizer
{
    /// <summary>
    /// Normalises a percent-encoded path. An empty path becomes "/". Returns false when a ".."
    /// would climb above the root: nothing may name a place outside the capsule.
    /// </summary>
    public static bool TryNormalize(string rawPath, out string path)
    {
        var decoded = DecodeUnreserved(rawPath);
        if (decoded.Length == 0)
        {
            path = "/";
            return true;
        }

        var segments = decoded.Split('/');
        var output = new List<string>(segments.Length);
        // segments[0] is the empty string before the leading '/'.
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var isLast = i == segments.Length - 1;
            if (segment == ".")
            {
                if (isLast)
                {
                    output.Add(string.Empty);
                }

                continue;
            }

            if (segment == "..")
            {
                if (output.Count == 0)
                {
                    path = string.Empty;
                    return false;
                }

                output.RemoveAt(output.Count - 1);
                if (isLast)
                {
                    output.Add(string.Empty);
                }

                continue;
            }

            output.Add(segment);
        }

        path = "/" + string.Join('/', output);
        return true;
    }

    /// <summary>Splits a normalised path into percent-decoded segments; false if any escape is not UTF-8.</summary>
    public static bool TryDecodeSegments(string path, out string[] segments)
    {
        var raw = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        segments = new string[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            if (!PercentEncoding.TryDecode(raw[i], out segments[i]))
            {
                segments = [];
                return false;
            }
        }

        return true;
    }

    private static string DecodeUnreserved(string value)
    {
        if (!value.Contains('%'))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            // Only a complete %XX is an escape; a stray '%' and what follows it stay as they are.
            if (value[i] == '%' && i + 2 < value.Length && PercentEncoding.IsHex(value[i + 1]) && PercentEncoding.IsHex(value[i + 2]))
            {
                var b = (PercentEncoding.HexValue(value[i + 1]) << 4) | PercentEncoding.HexValue(value[i + 2]);
                if (char.IsAsciiLetterOrDigit((char)b) || b is '-' or '.' or '_' or '~')
                {
                    builder.Append((char)b);
                    i += 2;
                    continue;
                }

                // Other escapes stay, with upper-case hex as RFC 3986 recommends.
                builder.Append('%').Append(char.ToUpperInvariant(value[i + 1])).Append(char.ToUpperInvariant(value[i + 2]));
                i += 2;
                continue;
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }
}
