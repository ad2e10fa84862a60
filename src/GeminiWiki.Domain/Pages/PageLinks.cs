using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Domain.Pages;

/// <summary>
/// Finds the wiki pages a gemtext document links to: link lines (outside preformatted blocks)
/// whose target is <c>/page/&lt;name&gt;</c> or a gemini:// URL with that path. Pages are read
/// through their rendering (<see cref="Rendering.RenderedPage"/>), so Markdown is never searched
/// on its own. Kept with the current page so backlinks are one indexed query.
/// </summary>
public static class PageLinks
{
    private const string PagePrefix = "/page/";

    /// <summary>The keys of the pages linked to, sorted and each once.</summary>
    public static IReadOnlyList<string> KeysIn(string gemtext)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var url in GemtextReader.LinkUrls(gemtext))
        {
            if (KeyOf(url) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys.ToArray();
    }

    private static string? KeyOf(string url)
    {
        var path = url;
        if (url.StartsWith("gemini://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = url.IndexOf('/', "gemini://".Length);
            path = slash < 0 ? "/" : url[slash..];
        }

        if (!path.StartsWith(PagePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var segment = path[PagePrefix.Length..];
        var end = segment.IndexOfAny(['/', '?', '#']);
        if (end >= 0)
        {
            segment = segment[..end];
        }

        return PercentEncoding.TryDecode(segment, out var decoded)
            && PageName.TryParse(decoded, int.MaxValue, out var name, out _)
            ? name.Key
            : null;
    }
}
