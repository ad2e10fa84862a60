using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Search;

/// <summary>A page that matched, with a one-line excerpt around the first hit in its text (empty when only the name matched).</summary>
public sealed record SearchHit(PageName Name, string Snippet);

/// <summary>
/// Case-insensitive search over current page texts only (never revisions). Pages whose name
/// matches come first, then pages by name.
/// </summary>
public static class PageSearch
{
    private const int SnippetRadius = 50;

    // Ordinal case-insensitive matching is vectorised and needs no culture data: fast enough to
    // scan every current page of a large wiki on each search.
    private const StringComparison IgnoreCase = StringComparison.OrdinalIgnoreCase;

    /// <param name="pages">Current pages, best in name order as the store lists them (others are sorted first).</param>
    public static IReadOnlyList<SearchHit> FullText(IReadOnlyList<CurrentPage> pages, string query, int limit)
    {
        var term = query.Trim();
        if (term.Length == 0 || limit <= 0)
        {
            return [];
        }

        // Texts are matched upper-cased with an ordinal search: the same matches as an ordinal
        // case-insensitive scan (both use invariant simple case mapping), several times faster.
        var folded = term.ToUpperInvariant();
        var nameHits = new List<SearchHit>();
        var textHits = new List<SearchHit>();
        foreach (var page in InNameOrder(pages))
        {
            if (page.IsDeleted)
            {
                continue;
            }

            var nameMatch = page.Name.Value.Contains(term, IgnoreCase);
            if (!nameMatch && textHits.Count + nameHits.Count >= limit)
            {
                // Only a name match could still make the list (name matches come first).
                continue;
            }

            var at = page.SearchText.IndexOf(folded, StringComparison.Ordinal);
            if (!nameMatch && at < 0)
            {
                continue;
            }

            var hit = new SearchHit(page.Name, at < 0 ? string.Empty : Snippet(page.Text, at, term.Length));
            (nameMatch ? nameHits : textHits).Add(hit);
            if (nameHits.Count >= limit)
            {
                break;
            }
        }

        return [.. nameHits.Concat(textHits).Take(limit)];
    }

    // A linear check, so the store's already sorted list is not sorted again on every search.
    private static IReadOnlyList<CurrentPage> InNameOrder(IReadOnlyList<CurrentPage> pages)
    {
        for (var i = 1; i < pages.Count; i++)
        {
            if (string.CompareOrdinal(pages[i - 1].Name.Key, pages[i].Name.Key) > 0)
            {
                return [.. pages.OrderBy(p => p.Name.Key, StringComparer.Ordinal)];
            }
        }

        return pages;
    }

    /// <summary>Pages whose name contains the text, case-insensitively.</summary>
    public static IReadOnlyList<PageName> NamesContaining(IEnumerable<CurrentPage> pages, string text)
    {
        var term = text.Trim();
        return pages
            .Where(p => !p.IsDeleted && p.Name.Value.Contains(term, IgnoreCase))
            .Select(p => p.Name)
            .OrderBy(n => n.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The words around a hit on one line, with "…" where the line was cut.</summary>
    internal static string Snippet(string text, int at, int length)
    {
        var lineStart = at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1;
        var lineEnd = text.IndexOf('\n', at);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        var start = Math.Max(lineStart, at - SnippetRadius);
        var end = Math.Min(lineEnd, at + length + SnippetRadius);
        // Don't cut a surrogate pair in half.
        if (start > lineStart && char.IsLowSurrogate(text[start]))
        {
            start--;
        }

        if (end < lineEnd && char.IsHighSurrogate(text[end - 1]))
        {
            end++;
        }

        var snippet = text[start..end].Trim();
        return (start > lineStart ? "…" : string.Empty) + snippet + (end < lineEnd ? "…" : string.Empty);
    }
}
