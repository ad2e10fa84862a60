using GeminiWiki.Protocol.Gemtext;

namespace GeminiWiki.Domain.Pages;

/// <summary>
/// Finds the wiki pages a gemtext document links to: link lines (outside preformatted blocks)
/// whose target is <c>/page/&lt;name&gt;</c> or a gemini:// URL with that path. Pages are read
/// through their rendering (<see cref="Rendering.RenderedPage"/>), so Markdown is never searched
/// on its own. Kept with the current page so backlinks are one indexed query.
/// </summary>
public static class PageLinks
{
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

    // The wiki's own page route decides what counts as a link to a page, so the two never disagree.
    private static string? KeyOf(string url) => Wiki.WikiLinks.TryReadPageLink(url, out var name) ? name.Key : null;
}
