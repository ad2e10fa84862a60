using System.Buffers;
using System.Globalization;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Protocol.Titan;

/// <summary>
/// Takes the Titan parameters (<c>;size=N;mime=TYPE;token=T</c>) off the end of a raw,
/// still percent-encoded request path. Pure, like <see cref="RequestParser"/>.
/// </summary>
public static class TitanParameterParser
{
    private static readonly SearchValues<char> ParameterNameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>
    /// Splits <paramref name="rawPath"/> into the path (its first <paramref name="pathLength"/>
    /// characters) and the parameters after it.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<char> rawPath, out int pathLength, out TitanParameters? parameters, out RequestRejectionReason reason)
    {
        pathLength = rawPath.Length;
        parameters = null;
        reason = default;
        var start = FindParameters(rawPath);
        if (start < 0)
        {
            reason = RequestRejectionReason.TitanMissingSize;
            return false;
        }

        if (!TryParse(rawPath[(start + 1)..], out parameters, out reason))
        {
            return false;
        }

        pathLength = start;
        return true;
    }

    /// <summary>Parses <c>name=value</c> pairs separated by ';', in any order; values are percent-decoded.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TitanParameters? parameters, out RequestRejectionReason reason)
    {
        parameters = null;
        reason = default;
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
            if (equals <= 0 || !PercentEncoding.TryDecode(item[(equals + 1)..].ToString(), out var value))
            {
                reason = RequestRejectionReason.TitanInvalidParameter;
                return false;
            }

            var name = item[..equals];
            if (name.Equals("size", StringComparison.OrdinalIgnoreCase))
            {
                // At most 18 digits, so any value fits a long.
                if (value.Length == 0 || value.Length > 18 || value.AsSpan().ContainsAnyExceptInRange('0', '9'))
                {
                    reason = RequestRejectionReason.TitanInvalidSize;
                    return false;
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
            reason = RequestRejectionReason.TitanMissingSize;
            return false;
        }

        parameters = new TitanParameters(size.Value, mime, token);
        return true;
    }

    /// <summary>
    /// Where the parameters begin: the first ';' followed by "name=". A ';' that is not (as in
    /// "/notes;draft/page") is part of a path segment. The last segment cannot simply be taken as
    /// what follows the last '/', because a MIME value such as text/plain holds one.
    /// </summary>
    private static int FindParameters(ReadOnlySpan<char> path)
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
}
