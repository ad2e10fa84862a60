using System.Globalization;
using System.Text;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Diff;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Search;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Wiki;

/// <summary>Everything that shows the wiki: pages, old revisions, raw text, history, diffs, index, changes, search, feed.</summary>
internal sealed class WikiReading(IPageStore store, IAccessGate gate, PageRenderCache renderCache, WikiOptions options, string language, TimeProvider time)
{
    private const int MaxChanges = 1000;

    private static readonly string RobotsText = string.Join('\n',
        "User-agent: *", "Disallow: /raw/", "Disallow: /history/", "Disallow: /diff/", "Disallow: /do/", string.Empty);

    public ValueTask<GeminiResponse> RobotsAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Done(GeminiResponse.Success("text/plain; charset=utf-8", RobotsText));

    public ValueTask<GeminiResponse> MainPageAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, visitor =>
        {
            var builder = new GemtextBuilder();
            var main = PageName.TryParse(options.MainPage, int.MaxValue, out var name, out _) ? store.Find(name) : null;
            if (main is { IsDeleted: false })
            {
                builder.Raw(renderCache.Current(main));
            }
            else
            {
                builder.Heading(options.Title).Blank().Text("This wiki has no main page yet.");
            }

            builder.Blank().Heading("Wiki", 2)
                .Link(WikiUrls.Changes, "Recent changes")
                .Link(WikiUrls.Index, "All pages")
                .Link(WikiUrls.Search, "Search")
                .Link(WikiUrls.NewPage, "New page")
                .Link(WikiUrls.Atom, "Atom feed of changes");
            if (visitor.AccountName is { } account)
            {
                builder.Link("/account", $"Your account ({account})");
            }
            else
            {
                builder.Link("/register", "Register with your client certificate").Link("/login", "Log in");
            }

            if (main is { IsDeleted: false })
            {
                PageFooter(builder, request, main);
            }

            return Gemtext(builder);
        });

    public ValueTask<GeminiResponse> PageAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, _ =>
        {
            if (ParseName(request, out var name) is { } bad)
            {
                return bad;
            }

            var current = store.Find(name);
            if (request.RouteValues.TryGetValue("rev", out var revText))
            {
                return OldRevision(name, revText, current);
            }

            if (current is null)
            {
                return Missing(name);
            }

            var builder = new GemtextBuilder();
            if (current.IsDeleted)
            {
                builder.Heading(current.Name.Value)
                    .Text($"This page was deleted in revision {current.Revision} by {current.Author.Label} on {WikiUrls.Time(current.Updated)}.")
                    .Text("Saving a new text (with Titan or by appending) brings it back; its history keeps every earlier revision.")
                    .Blank()
                    .Link(WikiUrls.History(current.Name), "History")
                    .Link(WikiUrls.Titan(request.BaseUrl, current.Name), "Edit with Titan")
                    .Link(WikiUrls.Edit(current.Name), "How to edit");
                if (current.Revision > 1)
                {
                    builder.Link(WikiUrls.Page(current.Name, current.Revision - 1), $"The text before deletion (revision {current.Revision - 1})");
                }

                return Gemtext(builder);
            }

            builder.Raw(renderCache.Current(current));
            PageFooter(builder, request, current);
            return Gemtext(builder);
        });

    public ValueTask<GeminiResponse> RawAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, _ =>
        {
            if (ParseName(request, out var name) is { } bad)
            {
                return bad;
            }

            if (request.RouteValues.TryGetValue("rev", out var revText))
            {
                if (!TryParseRevision(revText, out var number))
                {
                    return BadRevision(revText);
                }

                var revision = store.FindRevision(name, number);
                return revision switch
                {
                    null => GeminiResponse.NotFound($"Page '{name.Value}' has no revision {number}"),
                    { IsDeletion: true } => GeminiResponse.Gone($"Revision {number} of '{revision.Name.Value}' deleted the page; it has no text"),
                    _ => GeminiResponse.Success(revision.Format.RawMimeType(), revision.Text),
                };
            }

            var current = store.Find(name);
            return current switch
            {
                null => Missing(name),
                { IsDeleted: true } => GeminiResponse.Gone($"Page '{current.Name.Value}' was deleted in revision {current.Revision}; see /history/{current.Name.UrlSegment}"),
                _ => GeminiResponse.Success(current.Format.RawMimeType(), current.Text),
            };
        });

    public ValueTask<GeminiResponse> HistoryAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, _ =>
        {
            if (ParseName(request, out var name) is { } bad)
            {
                return bad;
            }

            var history = store.History(name);
            if (history.Count == 0)
            {
                return Missing(name);
            }

            var pageName = history[0].Name;
            var builder = new GemtextBuilder()
                .Heading($"History of {pageName.Value}")
                .Text($"{Count(history.Count, "revision")}, newest first. Times are UTC.")
                .Blank()
                .Link(WikiUrls.Page(pageName), "Current page");
            foreach (var revision in history)
            {
                builder.Blank();
                var line = $"Revision {revision.Number} · {WikiUrls.Time(revision.Time)} · {revision.Author.Label} · "
                    + (revision.IsDeletion ? "page deleted" : $"{revision.Size} bytes");
                if (revision.IsDeletion)
                {
                    builder.Text(line);
                }
                else
                {
                    builder.Link(WikiUrls.Page(pageName, revision.Number), line);
                }

                builder.Link(WikiUrls.Diff(pageName, revision.Number), $"What revision {revision.Number} changed");
            }

            return Gemtext(builder);
        });

    public ValueTask<GeminiResponse> DiffAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, _ =>
        {
            if (ParseName(request, out var name) is { } bad)
            {
                return bad;
            }

            var revText = request.RouteValues["rev"];
            if (!TryParseRevision(revText, out var number))
            {
                return BadRevision(revText);
            }

            var revision = store.FindRevision(name, number);
            if (revision is null)
            {
                return GeminiResponse.NotFound($"Page '{name.Value}' has no revision {number}");
            }

            var previous = number > 1 ? store.FindRevision(name, number - 1) : null;
            var lines = LineDiff.Compare(previous?.Text ?? string.Empty, revision.Text);
            var added = lines.Count(l => l.Kind == DiffKind.Added);
            var removed = lines.Count(l => l.Kind == DiffKind.Removed);
            var pageName = revision.Name;

            var builder = new GemtextBuilder()
                .Heading($"{pageName.Value}: what revision {number} changed")
                .Text($"Revision {number} by {revision.Author.Label} on {WikiUrls.Time(revision.Time)}, "
                    + (previous is null ? "compared with an empty page." : $"compared with revision {previous.Number}."))
                .Text((revision.IsDeletion ? "This revision deleted the page. " : string.Empty) + $"{Count(added, "line")} added (+), {Count(removed, "line")} removed (-).")
                .Blank();
            var hunks = DiffHunks.Group(lines);
            if (hunks.Count == 0)
            {
                builder.Text(previous is not null && previous.Format != revision.Format
                    ? $"The text is the same; the format changed from {previous.Format} to {revision.Format}."
                    : "No lines changed.");
            }
            else
            {
                var diff = new StringBuilder();
                foreach (var hunk in hunks)
                {
                    if (diff.Length > 0)
                    {
                        diff.Append("⋯\n");
                    }

                    diff.Append(CultureInfo.InvariantCulture, $"@@ line {hunk.NewStart} (was {hunk.OldStart}) @@\n");
                    foreach (var line in hunk.Lines)
                    {
                        diff.Append(line.Kind switch { DiffKind.Added => "+ ", DiffKind.Removed => "- ", _ => "  " })
                            .Append(line.Text).Append('\n');
                    }
                }

                builder.Preformatted(diff.ToString(), "Line diff: + added, - removed");
            }

            builder.Blank();
            if (!revision.IsDeletion)
            {
                builder.Link(WikiUrls.Page(pageName, number), $"Revision {number}");
            }

            if (previous is { IsDeletion: false })
            {
                builder.Link(WikiUrls.Page(pageName, previous.Number), $"Revision {previous.Number}");
            }

            builder.Link(WikiUrls.History(pageName), "History").Link(WikiUrls.Page(pageName), "Current page");
            return Gemtext(builder);
        });

    public ValueTask<GeminiResponse> IndexAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, _ =>
        {
            var pages = store.AllPages();
            // The store hands out the same list until a save changes it, so the rendered index (300 KB
            // for 10,000 pages, rebuilt on every request before) is kept for exactly that long.
            var cached = Volatile.Read(ref _index);
            if (cached is not null && ReferenceEquals(cached.Pages, pages))
            {
                return cached.Response;
            }

            var builder = new GemtextBuilder().Heading("All pages").Text($"{Count(pages.Count, "page")}.").Blank();
            foreach (var page in pages)
            {
                builder.Link(WikiUrls.Page(page.Name), page.Name.Value);
            }

            var response = Gemtext(builder);
            Volatile.Write(ref _index, new RenderedIndex(pages, response));
            return response;
        });

    private RenderedIndex? _index;

    private sealed record RenderedIndex(IReadOnlyList<CurrentPage> Pages, GeminiResponse Response);

    public ValueTask<GeminiResponse> ChangesAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, _ =>
        {
            var count = options.ChangesPageSize;
            if (request.RouteValues.TryGetValue("count", out var countText))
            {
                if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1)
                {
                    return GeminiResponse.BadRequest($"/do/changes/<n> takes a number of changes to show, not '{countText}'");
                }

                count = Math.Min(count, MaxChanges);
            }

            var changes = store.RecentChanges(count);
            var builder = new GemtextBuilder().Heading("Recent changes").Text("Newest first. Times are UTC.")
                .Link(WikiUrls.Atom, "Atom feed of these changes");
            string? day = null;
            foreach (var change in changes)
            {
                var changeDay = change.Time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (changeDay != day)
                {
                    day = changeDay;
                    builder.Blank().Heading(day, 2);
                }

                var hour = change.Time.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
                var what = change.IsDeletion ? "deleted" : $"revision {change.Number}";
                builder.Link(change.IsDeletion ? WikiUrls.History(change.Name) : WikiUrls.Page(change.Name, change.Number),
                    $"{hour} {change.Name.Value} ({what}) by {change.Author.Label}");
                builder.Link(WikiUrls.Diff(change.Name, change.Number), $"What changed in {change.Name.Value} revision {change.Number}");
            }

            if (changes.Count == 0)
            {
                builder.Blank().Text("No changes yet.");
            }
            else if (changes.Count == count && count < MaxChanges)
            {
                var more = Math.Min(count * 2, MaxChanges);
                builder.Blank().Link($"{WikiUrls.Changes}/{more.ToString(CultureInfo.InvariantCulture)}", $"Show {more} changes");
            }

            return Gemtext(builder);
        });

    public ValueTask<GeminiResponse> MatchAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, _ =>
        {
            if (QueryOrPrompt(request, "Part of a page name to look for", out var text) is { } prompt)
            {
                return prompt;
            }

            var names = PageSearch.NamesContaining(store.AllPages(), text);
            var builder = new GemtextBuilder().Heading($"Pages named like “{text.Trim()}”").Text($"{Count(names.Count, "page")}.").Blank();
            foreach (var name in names)
            {
                builder.Link(WikiUrls.Page(name), name.Value);
            }

            return Gemtext(builder);
        });

    public ValueTask<GeminiResponse> SearchAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, _ =>
        {
            if (QueryOrPrompt(request, "Search the text of all pages for", out var text) is { } prompt)
            {
                return prompt;
            }

            var hits = PageSearch.FullText(store.AllPages(), text, options.SearchResultLimit);
            var builder = new GemtextBuilder().Heading($"Search: “{text.Trim()}”")
                .Text(hits.Count == 0 ? "No page contains this text." : Count(hits.Count, "page") + (hits.Count == options.SearchResultLimit ? " (the first ones only)." : "."));
            foreach (var hit in hits)
            {
                builder.Blank().Link(WikiUrls.Page(hit.Name), hit.Name.Value);
                if (hit.Snippet.Length > 0)
                {
                    builder.Quote(hit.Snippet);
                }
            }

            builder.Blank().Link(WikiUrls.Search, "Search again").Link(WikiUrls.Match + "?" + PercentEncoding.EncodeQuery(text.Trim()), "Search page names only");
            return Gemtext(builder);
        });

    public ValueTask<GeminiResponse> AtomAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, _ =>
            GeminiResponse.Success(AtomFeed.MimeType, AtomFeed.Build(request.BaseUrl, options.Title, store.RecentChanges(options.FeedEntries), time.GetUtcNow())));

    public ValueTask<GeminiResponse> BacklinksAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        Read(request, _ =>
        {
            if (ParseName(request, out var name) is { } bad)
            {
                return bad;
            }

            var shown = store.Find(name)?.Name ?? name;
            var links = store.Backlinks(name);
            var builder = new GemtextBuilder().Heading($"Pages linking to {shown.Value}")
                .Text(links.Count == 0 ? "No page links here yet." : $"{Count(links.Count, "page")}.").Blank();
            foreach (var link in links)
            {
                builder.Link(WikiUrls.Page(link), link.Value);
            }

            builder.Blank().Link(WikiUrls.Page(shown), shown.Value);
            return Gemtext(builder);
        });

    private GeminiResponse OldRevision(PageName name, string revText, CurrentPage? current)
    {
        if (!TryParseRevision(revText, out var number))
        {
            return BadRevision(revText);
        }

        var revision = store.FindRevision(name, number);
        if (revision is null)
        {
            return GeminiResponse.NotFound($"Page '{name.Value}' has no revision {number}");
        }

        var pageName = revision.Name;
        var latest = current?.Revision ?? number;
        var builder = new GemtextBuilder()
            .Quote($"This is an old revision of {pageName.Value}: revision {number} of {latest}, saved {WikiUrls.Time(revision.Time)} by {revision.Author.Label}.")
            .Link(WikiUrls.Page(pageName), "Current revision")
            .Link(WikiUrls.Diff(pageName, number), $"What revision {number} changed")
            .Link(WikiUrls.History(pageName), "History")
            .Blank();
        if (revision.IsDeletion)
        {
            builder.Text("This revision deleted the page.");
        }
        else
        {
            builder.Raw(PageRenderCache.Render(revision.Text, revision.Format));
            builder.Blank().Link(WikiUrls.Raw(pageName, number), $"Raw text of revision {number}");
        }

        return Gemtext(builder);
    }

    private void PageFooter(GemtextBuilder builder, GeminiRequest request, CurrentPage page)
    {
        var name = page.Name;
        builder.Blank()
            .Text($"Revision {page.Revision}, last changed {WikiUrls.Time(page.Updated)} by {page.Author.Label}.")
            .Link(WikiUrls.History(name), "History")
            .Link(WikiUrls.Raw(name), "Raw text")
            .Link(WikiUrls.Titan(request.BaseUrl, name), "Edit with Titan")
            .Link(WikiUrls.Append(name), "Append text")
            .Link(WikiUrls.Edit(name), "How to edit")
            .Link(WikiUrls.Backlinks(name), "Pages linking here");
        if (request.Path != "/")
        {
            builder.Link("/", "Main page");
        }
    }

    private static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");

    private GeminiResponse Missing(PageName name) =>
        GeminiResponse.NotFound($"There is no page '{name.Value}' yet. To create it, visit /do/new, or upload it with Titan to /raw/{name.UrlSegment}");

    private static GeminiResponse BadRevision(string text) =>
        GeminiResponse.BadRequest($"A revision is a number from 1 up, not '{text}'");

    private static bool TryParseRevision(string text, out int number) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= 1;

    private GeminiResponse? ParseName(GeminiRequest request, out PageName name) =>
        PageName.TryParse(request.RouteValues["name"], options.MaxNameLength, out name, out var problem)
            ? null
            : GeminiResponse.BadRequest($"Not a page name: {problem}");

    internal static GeminiResponse? QueryOrPrompt(GeminiRequest request, string prompt, out string text)
    {
        text = string.Empty;
        if (string.IsNullOrEmpty(request.Query))
        {
            return GeminiResponse.Input(prompt);
        }

        if (request.DecodedQuery is not { } decoded)
        {
            return GeminiResponse.BadRequest("The query is not valid percent-encoded UTF-8");
        }

        if (string.IsNullOrWhiteSpace(decoded))
        {
            return GeminiResponse.Input(prompt);
        }

        text = decoded;
        return null;
    }

    private GeminiResponse Gemtext(GemtextBuilder builder) => GeminiResponse.Gemtext(builder.ToString(), language);

    private ValueTask<GeminiResponse> Read(GeminiRequest request, Func<Visitor, GeminiResponse> respond)
    {
        var access = gate.CheckRead(request);
        return ValueTask.FromResult(access.Refusal ?? respond(access.Visitor));
    }

    private static ValueTask<GeminiResponse> Done(GeminiResponse response) => ValueTask.FromResult(response);
}
