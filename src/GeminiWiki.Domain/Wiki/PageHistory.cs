using System.Globalization;
using System.Text;
using GeminiWiki.Domain.Diff;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Wiki;

/// <summary>How pages changed: a page's history, what one revision changed, recent changes and their feed.</summary>
internal sealed class PageHistory(IPageStore store, WikiOptions options, WikiResponses pages, RouteParameter<PageName> pageName, TimeProvider time,
    IReadOnlyList<IChangeSource> otherChanges)
{
    private const int MaxChanges = 1000;

    public GeminiResponse History(WikiCall call)
    {
        var history = store.History(call.Values.Get(pageName));
        if (history.Count == 0)
        {
            return pages.Missing(call.Values.Get(pageName));
        }

        var name = history[0].Name;
        var builder = new GemtextBuilder()
            .Heading($"History of {name.Value}")
            .Text($"{WikiResponses.Count(history.Count, "revision")}, newest first. Times are UTC.")
            .Blank()
            .Link(pages.Links.Page(name), "Current page");
        foreach (var revision in history)
        {
            builder.Blank();
            var line = $"Revision {revision.Number} · {WikiResponses.Time(revision.Time)} · {revision.Author.Label} · "
                + (revision.IsDeletion ? "page deleted" : $"{revision.Size} bytes");
            if (revision.IsDeletion)
            {
                builder.Text(line);
            }
            else
            {
                builder.Link(pages.Links.Page(name, revision.Number), line);
            }

            builder.Link(pages.Links.Diff(name, revision.Number), $"What revision {revision.Number} changed");
        }

        return pages.Gemtext(builder);
    }

    public GeminiResponse Diff(WikiCall call)
    {
        var requested = call.Values.Get(pageName);
        var number = call.Values.Get(WikiRoutes.Revision);
        PageRevision? revision;
        PageRevision? previous;
        try
        {
            revision = store.FindRevision(requested, number);
            previous = revision is not null && number > 1 ? store.FindRevision(requested, number - 1) : null;
        }
        catch (DamagedRevisionException damage)
        {
            return pages.Damaged(damage);
        }

        if (revision is null)
        {
            return WikiResponses.NoRevision(requested, number);
        }

        var lines = LineDiff.Compare(previous?.Text ?? string.Empty, revision.Text);
        var added = lines.Count(l => l.Kind == DiffKind.Added);
        var removed = lines.Count(l => l.Kind == DiffKind.Removed);
        var name = revision.Name;

        var builder = new GemtextBuilder()
            .Heading($"{name.Value}: what revision {number} changed")
            .Text($"Revision {number} by {revision.Author.Label} on {WikiResponses.Time(revision.Time)}, "
                + (previous is null ? "compared with an empty page." : $"compared with revision {previous.Number}."))
            .Text((revision.IsDeletion ? "This revision deleted the page. " : string.Empty)
                + $"{WikiResponses.Count(added, "line")} added (+), {WikiResponses.Count(removed, "line")} removed (-).")
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
            builder.Link(pages.Links.Page(name, number), $"Revision {number}");
        }

        if (previous is { IsDeletion: false })
        {
            builder.Link(pages.Links.Page(name, previous.Number), $"Revision {previous.Number}");
        }

        builder.Link(pages.Links.History(name), "History").Link(pages.Links.Page(name), "Current page");
        return pages.Gemtext(builder);
    }

    /// <summary>
    /// Recent changes as a Gemini subscription (gemini://geminiprotocol.net/docs/companion/subscription.gmi):
    /// the title as the level-1 heading, then one dated link line per change, newest first, so
    /// clients can follow the page as a feed. Other lines carry no date and are not entries.
    /// </summary>
    public GeminiResponse Changes(WikiCall call)
    {
        var count = call.Values.TryGet(WikiRoutes.Count, out var asked) ? Math.Min(asked, MaxChanges) : options.ChangesPageSize;
        var changes = WikiChange.Recent(store, otherChanges, count, pages.Links);
        var builder = new GemtextBuilder().Heading($"{options.Title}: recent changes").Text("Newest first. Times are UTC.")
            .Link(pages.Links.Atom, "Atom feed of these changes");
        builder.Blank();
        foreach (var change in changes)
        {
            builder.Link(change.Link, change.Title());
        }

        if (changes.Count == 0)
        {
            builder.Text("No changes yet.");
        }
        else if (changes.Count == count && count < MaxChanges)
        {
            var more = Math.Min(count * 2, MaxChanges);
            builder.Blank().Link(pages.Links.ChangesShowing(more), $"Show {more} changes");
        }

        return pages.Gemtext(builder);
    }

    public GeminiResponse Atom(WikiCall call) =>
        GeminiResponse.Success(AtomFeed.MimeType, AtomFeed.Build(call.Request.BaseUrl, options.Title, WikiChange.Recent(store, otherChanges, options.FeedEntries, pages.Links), time.GetUtcNow(), pages.Links));
}
