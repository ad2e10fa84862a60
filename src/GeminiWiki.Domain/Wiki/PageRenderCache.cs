using System.Collections.Concurrent;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Rendering;
using GeminiWiki.Domain.Spaces;

namespace GeminiWiki.Domain.Wiki;

/// <summary>
/// Page text as gemtext, ready to be framed by the wiki's header and footer. Current pages are
/// cached by revision: a save makes a new revision number, so a stale entry is never served and
/// is replaced on the next view. Each mount of a space has its own cache, because its page links
/// are shown under its own prefix (see <see cref="SpacePageLinks"/>).
/// </summary>
public sealed class PageRenderCache(string linkPrefix = "")
{
    private readonly ConcurrentDictionary<string, (int Revision, string Gemtext)> _cache = new(StringComparer.Ordinal);

    /// <summary>The prefix page links are shown under ("" at the root).</summary>
    public string LinkPrefix { get; } = linkPrefix.TrimEnd('/');

    public string Current(CurrentPage page)
    {
        if (_cache.TryGetValue(page.Name.Key, out var entry) && entry.Revision == page.Revision)
        {
            return entry.Gemtext;
        }

        var gemtext = ForReaders(page.Text, page.Format);
        _cache[page.Name.Key] = (page.Revision, gemtext);
        return gemtext;
    }

    /// <summary>The cached revision of a page, if any (for tests and diagnostics).</summary>
    public int? CachedRevision(PageName name) => _cache.TryGetValue(name.Key, out var entry) ? entry.Revision : null;

    /// <summary>Any revision's text as readers of this mount see it: rendered, with the space's page links under its prefix.</summary>
    public string ForReaders(string text, PageFormat format) => SpacePageLinks.Mount(Render(text, format), LinkPrefix);

    /// <summary>The page's gemtext (see <see cref="RenderedPage.Render"/>, which also finds its links).</summary>
    public static string Render(string text, PageFormat format) => RenderedPage.Render(text, format).Gemtext;
}
