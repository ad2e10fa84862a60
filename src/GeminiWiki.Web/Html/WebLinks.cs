using GeminiWiki.Protocol.Requests;
using GeminiWiki.Web.Hosting;

namespace GeminiWiki.Web.Html;

/// <summary>
/// Link targets as a browser should follow them: gemini:// links to this wiki become paths on the
/// web front (the same paths), other safe URLs stay as written, and anything that could run code
/// (javascript:, data:, …) loses its link.
/// </summary>
public sealed class WebLinks(GeminiSide gemini)
{
    private static readonly string[] SafeSchemes = ["http", "https", "gemini", "titan", "gopher", "spartan", "finger", "mailto", "xmpp"];

    private readonly HashSet<string> _hosts = new(gemini.HostNames.Select(ServedAuthority.NormalizeHost), StringComparer.Ordinal);

    public GeminiSide Gemini { get; } = gemini;

    /// <summary>The href to use, or null when the target must not be a link.</summary>
    public string? Href(string target)
    {
        if (target.Length == 0 || target.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return null;
        }

        var scheme = SchemeOf(target);
        if (scheme is null)
        {
            return target;
        }

        if (!SafeSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        return string.Equals(scheme, "gemini", StringComparison.OrdinalIgnoreCase) && OnThisWiki(target) is { } path ? path : target;
    }

    /// <summary>The Gemini URL of a web path, shown beside each page.</summary>
    public string GeminiUrl(string pathAndQuery) => Gemini.BaseUrl + pathAndQuery;

    /// <summary>The path and query of a gemini:// URL that names this wiki's host and port; null for any other.</summary>
    private string? OnThisWiki(string url)
    {
        var rest = url.AsSpan("gemini://".Length);
        if (url.Length < "gemini://".Length || !url.StartsWith("gemini://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var end = rest.IndexOfAny("/?#");
        var authority = end < 0 ? rest : rest[..end];
        var tail = end < 0 ? "/" : rest[end..].ToString();
        if (tail[0] != '/')
        {
            tail = "/" + tail;
        }

        if (authority.Contains('@'))
        {
            return null;
        }

        var host = authority;
        var port = 1965;
        var colon = authority.LastIndexOf(':');
        if (colon >= 0 && !authority[colon..].Contains(']'))
        {
            if (!int.TryParse(authority[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port))
            {
                return null;
            }

            host = authority[..colon];
        }

        return port == Gemini.Port && _hosts.Contains(ServedAuthority.NormalizeHost(host.ToString())) ? tail : null;
    }

    private static string? SchemeOf(string target)
    {
        if (!char.IsAsciiLetter(target[0]))
        {
            return null;
        }

        for (var i = 1; i < target.Length; i++)
        {
            var c = target[i];
            if (c == ':')
            {
                return target[..i];
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return null;
            }
        }

        return null;
    }
}
