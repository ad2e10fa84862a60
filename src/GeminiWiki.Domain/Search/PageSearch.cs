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

    public static IReadOnlyList<SearchHit> FullText(IEnumerable<CurrentPage> pages, string query, int limit)
    {
        var term = query.Trim();
        if (term.Length == 0)
        {
            return [];
        }

        var hits = new List<(bool NameMatch, SearchHit Hit)>();
        foreach (var page in pages)
        {
            if (page.IsDeleted)
            {
                continue;
            }

            var nameMatch = page.Name.Value.Contains(term, IgnoreCase);
            var at = page.Text.IndexOf(term, IgnoreCase);
            if (!nameMatch && at < 0)
            {
                continue;
            }

            hits.Add((nameMatch, new SearchHit(page.Name, at < 0 ? string.Empty : Snippet(page.Text, at, term.Length))));
        }

        return hits
            .OrderByDescending(h => h.NameMatch)
            .ThenBy(h => h.Hit.Name.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(h => h.Hit)
            .ToList();
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
