using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Search;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Wiki;

/// <summary>Finding pages: the index of all pages, names that match, full-text search, backlinks.</summary>
internal sealed class PageFinding(IPageStore store, WikiOptions options, WikiResponses pages, RouteParameter<PageName> pageName)
{
    private RenderedIndex? _index;

    /// <summary>One page of the index, <see cref="WikiOptions.IndexPageSize"/> names long: /do/index is the first.</summary>
    public GeminiResponse Index(WikiCall call)
    {
        var number = call.Values.TryGet(WikiRoutes.IndexPageNumber, out var asked) ? asked : 1;
        var all = store.AllPages();
        // The store hands out the same list until a save changes it, so the rendered index pages
        // are kept for exactly that long.
        var cached = Volatile.Read(ref _index);
        if (cached is null || !ReferenceEquals(cached.Pages, all))
        {
            cached = new RenderedIndex(all, new System.Collections.Concurrent.ConcurrentDictionary<int, GeminiResponse>());
            Volatile.Write(ref _index, cached);
        }

        var size = options.IndexPageSize;
        var pageCount = Math.Max(1, (all.Count + size - 1) / size);
        if (number > pageCount)
        {
            return GeminiResponse.NotFound($"The index has {WikiResponses.Count(pageCount, "page")}; the last is {pages.Links.IndexPage(pageCount)}");
        }

        return cached.Responses.GetOrAdd(number, n => RenderIndexPage(all, n, pageCount, size));
    }

    private GeminiResponse RenderIndexPage(IReadOnlyList<CurrentPage> all, int number, int pageCount, int size)
    {
        var first = (number - 1) * size;
        var shown = Math.Min(size, all.Count - first);
        var builder = new GemtextBuilder().Heading(pageCount == 1 ? "All pages" : $"All pages ({number} of {pageCount})")
            .Text(pageCount == 1
                ? $"{WikiResponses.Count(all.Count, "page")}."
                : $"{WikiResponses.Count(all.Count, "page")}; these are {first + 1} to {first + shown}.")
            .Blank();
        for (var i = first; i < first + shown; i++)
        {
            builder.Link(pages.Links.Page(all[i].Name), all[i].Name.Value);
        }

        if (pageCount > 1)
        {
            builder.Blank();
            if (number > 1)
            {
                builder.Link(pages.Links.IndexPage(number - 1), $"Previous page ({number - 1} of {pageCount})");
            }

            if (number < pageCount)
            {
                builder.Link(pages.Links.IndexPage(number + 1), $"Next page ({number + 1} of {pageCount})");
            }
        }

        return pages.Gemtext(builder);
    }

    public GeminiResponse Match(WikiCall call)
    {
        if (WikiResponses.QueryOrPrompt(call, "Part of a page name to look for", out var text) is { } prompt)
        {
            return prompt;
        }

        var names = PageSearch.NamesContaining(store.AllPages(), text);
        var builder = new GemtextBuilder().Heading($"Pages named like “{text.Trim()}”").Text($"{WikiResponses.Count(names.Count, "page")}.").Blank();
        foreach (var name in names)
        {
            builder.Link(pages.Links.Page(name), name.Value);
        }

        return pages.Gemtext(builder);
    }

    public GeminiResponse Search(WikiCall call)
    {
        if (WikiResponses.QueryOrPrompt(call, "Search the text of all pages for", out var text) is { } prompt)
        {
            return prompt;
        }

        var hits = PageSearch.FullText(store.AllPages(), text, options.SearchResultLimit);
        var builder = new GemtextBuilder().Heading($"Search: “{text.Trim()}”")
            .Text(hits.Count == 0
                ? "No page contains this text."
                : WikiResponses.Count(hits.Count, "page") + (hits.Count == options.SearchResultLimit ? " (the first ones only)." : "."));
        foreach (var hit in hits)
        {
            builder.Blank().Link(pages.Links.Page(hit.Name), hit.Name.Value);
            if (hit.Snippet.Length > 0)
            {
                builder.Quote(hit.Snippet);
            }
        }

        builder.Blank().Link(pages.Links.Search, "Search again").Link(pages.Links.Match + "?" + PercentEncoding.EncodeQuery(text.Trim()), "Search page names only");
        return pages.Gemtext(builder);
    }

    public GeminiResponse Backlinks(WikiCall call)
    {
        var name = call.Values.Get(pageName);
        var shown = store.Find(name)?.Name ?? name;
        var links = store.Backlinks(name);
        var builder = new GemtextBuilder().Heading($"Pages linking to {shown.Value}")
            .Text(links.Count == 0 ? "No page links here yet." : $"{WikiResponses.Count(links.Count, "page")}.").Blank();
        foreach (var link in links)
        {
            builder.Link(pages.Links.Page(link), link.Value);
        }

        builder.Blank().Link(pages.Links.Page(shown), shown.Value);
        return pages.Gemtext(builder);
    }

    private sealed record RenderedIndex(IReadOnlyList<CurrentPage> Pages, System.Collections.Concurrent.ConcurrentDictionary<int, GeminiResponse> Responses);
}
