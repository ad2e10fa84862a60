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

    public GeminiResponse Index(WikiCall call)
    {
        var all = store.AllPages();
        // The store hands out the same list until a save changes it, so the rendered index is
        // kept for exactly that long.
        var cached = Volatile.Read(ref _index);
        if (cached is not null && ReferenceEquals(cached.Pages, all))
        {
            return cached.Response;
        }

        var builder = new GemtextBuilder().Heading("All pages").Text($"{WikiResponses.Count(all.Count, "page")}.").Blank();
        foreach (var page in all)
        {
            builder.Link(WikiLinks.Page(page.Name), page.Name.Value);
        }

        var response = pages.Gemtext(builder);
        Volatile.Write(ref _index, new RenderedIndex(all, response));
        return response;
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
            builder.Link(WikiLinks.Page(name), name.Value);
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
            builder.Blank().Link(WikiLinks.Page(hit.Name), hit.Name.Value);
            if (hit.Snippet.Length > 0)
            {
                builder.Quote(hit.Snippet);
            }
        }

        builder.Blank().Link(WikiLinks.Search, "Search again").Link(WikiLinks.Match + "?" + PercentEncoding.EncodeQuery(text.Trim()), "Search page names only");
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
            builder.Link(WikiLinks.Page(link), link.Value);
        }

        builder.Blank().Link(WikiLinks.Page(shown), shown.Value);
        return pages.Gemtext(builder);
    }

    private sealed record RenderedIndex(IReadOnlyList<CurrentPage> Pages, GeminiResponse Response);
}
