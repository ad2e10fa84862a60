using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Wiki;

/// <summary>Pages as people read them: the main page, a page, an old revision, the raw text.</summary>
internal sealed class PageViews(IPageStore store, PageRenderCache renderCache, WikiOptions options, WikiResponses pages, RouteParameter<PageName> pageName)
{
    public GeminiResponse MainPage(WikiCall call)
    {
        var builder = new GemtextBuilder();
        var main = PageName.TryParse(options.MainPage, int.MaxValue, out var name, out _) ? store.Find(name) : null;
        if (main is { IsDamaged: true, IsDeleted: false })
        {
            return pages.Damaged(main.Name, main.Revision);
        }

        if (main is { IsDeleted: false })
        {
            builder.Raw(renderCache.Current(main));
        }
        else
        {
            builder.Heading(options.Title).Blank().Text("This wiki has no main page yet.");
        }

        builder.Blank().Heading("Wiki", 2)
            .Link(pages.Links.Changes, "Recent changes")
            .Link(pages.Links.Index, "All pages")
            .Link(new FileLinks(pages.Links.Prefix).List, "Files")
            .Link(pages.Links.Search, "Search")
            .Link(pages.Links.NewPage, "New page")
            .Link(pages.Links.Atom, "Atom feed of changes");
        if (call.Visitor.AccountName is { } account)
        {
            builder.Link(IdentityLinks.Account, $"Your account ({account})");
        }
        else
        {
            builder.Link(IdentityLinks.Register, "Register with your client certificate").Link(IdentityLinks.Login, "Log in");
        }

        if (main is { IsDeleted: false })
        {
            Footer(builder, call, main);
        }

        return pages.Gemtext(builder);
    }

    public GeminiResponse Page(WikiCall call)
    {
        var name = call.Values.Get(pageName);
        var current = store.Find(name);
        if (call.Values.TryGet(WikiRoutes.Revision, out var number))
        {
            return OldRevision(name, number, current);
        }

        if (current is null)
        {
            return pages.Missing(name);
        }

        if (current is { IsDamaged: true, IsDeleted: false })
        {
            return pages.Damaged(current.Name, current.Revision);
        }

        var builder = new GemtextBuilder();
        if (current.IsDeleted)
        {
            builder.Heading(current.Name.Value)
                .Text($"This page was deleted in revision {current.Revision} by {current.Author.Label} on {WikiResponses.Time(current.Updated)}.")
                .Text("Saving a new text (with Titan or by appending) brings it back; its history keeps every earlier revision.")
                .Blank()
                .Link(pages.Links.History(current.Name), "History")
                .Link(pages.Links.Titan(call.Request.BaseUrl, current.Name), "Edit with Titan")
                .Link(pages.Links.Edit(current.Name), "How to edit");
            if (current.Revision > 1)
            {
                builder.Link(pages.Links.Page(current.Name, current.Revision - 1), $"The text before deletion (revision {current.Revision - 1})");
            }

            return pages.Gemtext(builder);
        }

        builder.Raw(renderCache.Current(current));
        Footer(builder, call, current);
        return pages.Gemtext(builder);
    }

    public GeminiResponse RawText(WikiCall call)
    {
        var name = call.Values.Get(pageName);
        if (call.Values.TryGet(WikiRoutes.Revision, out var number))
        {
            PageRevision? revision;
            try
            {
                revision = store.FindRevision(name, number);
            }
            catch (DamagedRevisionException damage)
            {
                return pages.Damaged(damage);
            }

            return revision switch
            {
                null => WikiResponses.NoRevision(name, number),
                { IsDeletion: true } => GeminiResponse.Gone($"Revision {number} of '{revision.Name.Value}' deleted the page; it has no text"),
                _ => GeminiResponse.Success(revision.Format.RawMimeType(), revision.Text),
            };
        }

        var current = store.Find(name);
        return current switch
        {
            null => pages.Missing(name),
            { IsDeleted: true } => GeminiResponse.Gone($"Page '{current.Name.Value}' was deleted in revision {current.Revision}; see {pages.Links.History(current.Name)}"),
            { IsDamaged: true } => pages.Damaged(current.Name, current.Revision),
            _ => GeminiResponse.Success(current.Format.RawMimeType(), current.Text),
        };
    }

    private GeminiResponse OldRevision(PageName name, int number, CurrentPage? current)
    {
        PageRevision? revision;
        try
        {
            revision = store.FindRevision(name, number);
        }
        catch (DamagedRevisionException damage)
        {
            return pages.Damaged(damage);
        }

        if (revision is null)
        {
            return WikiResponses.NoRevision(name, number);
        }

        var shown = revision.Name;
        var latest = current?.Revision ?? number;
        var builder = new GemtextBuilder()
            .Quote($"This is an old revision of {shown.Value}: revision {number} of {latest}, saved {WikiResponses.Time(revision.Time)} by {revision.Author.Label}.")
            .Link(pages.Links.Page(shown), "Current revision")
            .Link(pages.Links.Diff(shown, number), $"What revision {number} changed")
            .Link(pages.Links.History(shown), "History")
            .Blank();
        if (revision.IsDeletion)
        {
            builder.Text("This revision deleted the page.");
        }
        else
        {
            builder.Raw(renderCache.ForReaders(revision.Text, revision.Format));
            builder.Blank().Link(pages.Links.Raw(shown, number), $"Raw text of revision {number}");
        }

        return pages.Gemtext(builder);
    }

    private void Footer(GemtextBuilder builder, WikiCall call, CurrentPage page)
    {
        var name = page.Name;
        builder.Blank()
            .Text($"Revision {page.Revision}, last changed {WikiResponses.Time(page.Updated)} by {page.Author.Label}.")
            .Link(pages.Links.History(name), "History")
            .Link(pages.Links.Raw(name), "Raw text")
            .Link(pages.Links.Titan(call.Request.BaseUrl, name), "Edit with Titan")
            .Link(pages.Links.Append(name), "Append text")
            .Link(pages.Links.Edit(name), "How to edit")
            .Link(pages.Links.Backlinks(name), "Pages linking here");
        if (call.Request.Path != pages.Links.Main)
        {
            builder.Link(pages.Links.Main, "Main page");
        }
    }
}
