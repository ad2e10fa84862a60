using System.Globalization;
using System.Text;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Web.Gateway;
using GeminiWiki.Web.Html;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace GeminiWiki.Web.Forms;

/// <summary>
/// Editing in a browser: GET /edit/&lt;name&gt; shows the current text and the revision it is based
/// on; POST saves a revision signed by the visitor's account, but only while the page is still at
/// that revision, so no one's save silently overwrites another's.
/// </summary>
public sealed class PageEditForm(IPageStore pages, WikiOptions wiki, WebPage page, GeminiToWeb web)
{
    public const string PathPrefix = "/edit/";

    public const string TextField = "text";
    public const string BaseField = "base";
    public const string FormatField = "format";

    public static string PathOf(PageName name) => PathPrefix + name.UrlSegment;

    public WebAnswer Show(Visitor visitor, PageName name, AntiforgeryTokenSet tokens)
    {
        var current = pages.Find(name);
        if (current is { IsDamaged: true, IsDeleted: false })
        {
            // The stored text cannot be shown, so the form starts empty; saving replaces it.
            current = current with { Text = string.Empty };
        }

        var shown = current?.Name ?? name;
        var html = new StringBuilder()
            .Append("<h1>Editing ").Append(Html.Html.Escape(shown.Value)).Append("</h1>\n")
            .Append("<p class=\"status\">").Append(Html.Html.Escape(current switch
            {
                null => "This page doesn't exist yet: saving creates it.",
                { IsDeleted: true } => $"This page was deleted in revision {current.Revision}: saving brings it back.",
                _ => $"Based on revision {current.Revision}. Every save adds a revision; nothing is lost.",
            })).Append(' ').Append(Html.Html.Escape($"You are editing as {visitor.AuthorLabel}.")).Append("</p>\n");
        Form(html, shown, current is { IsDeleted: false } ? current.Text : string.Empty, current?.Revision ?? 0, current?.Format ?? PageFormat.Gemtext, tokens);
        html.Append("<p><a href=\"").Append(Html.Html.Escape(WikiLinks.Root.Page(shown))).Append("\">Back to the page</a></p>\n");
        return WebAnswer.Page(200, page.Render("Editing " + shown.Value, html.ToString()));
    }

    public async Task<WebAnswer> SaveAsync(Visitor visitor, PageName name, IFormCollection form, Func<AntiforgeryTokenSet> tokens, CancellationToken cancellationToken)
    {
        var text = form[TextField].ToString();
        if (!int.TryParse(form[BaseField].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var baseRevision))
        {
            return web.Failure(400, "Bad request", "The form lost the revision it was based on; open the edit page again.", null);
        }

        var format = string.Equals(form[FormatField].ToString(), "markdown", StringComparison.Ordinal) ? PageFormat.Markdown : PageFormat.Gemtext;
        if (string.IsNullOrWhiteSpace(text))
        {
            return web.Failure(400, "Nothing saved", "An empty text is not saved from the web form. To delete a page, upload an empty text with Titan.", null);
        }

        if (Encoding.UTF8.GetByteCount(text) > wiki.MaxPageBytes)
        {
            return web.Failure(413, "Too long", $"The text is {Encoding.UTF8.GetByteCount(text)} bytes; a page may have at most {wiki.MaxPageBytes}. Nothing was saved.", null);
        }

        try
        {
            await pages.SaveIfCurrentAsync(name, text, format, new PageAuthor(visitor.AuthorLabel, visitor.Fingerprint?.Hex), baseRevision, cancellationToken).ConfigureAwait(false);
        }
        catch (StaleRevisionException stale)
        {
            return Conflict(stale, text, format, tokens());
        }

        return WebAnswer.Redirect(303, WikiLinks.Root.Page(pages.Find(name)?.Name ?? name));
    }

    private WebAnswer Conflict(StaleRevisionException stale, string yours, PageFormat format, AntiforgeryTokenSet tokens)
    {
        var current = stale.Current;
        var html = new StringBuilder()
            .Append("<h1>").Append(Html.Html.Escape($"{current.Name.Value} changed while you were editing")).Append("</h1>\n")
            .Append("<p class=\"problem\">").Append(Html.Html.Escape(
                $"Your text was based on revision {stale.BaseRevision}, but {current.Author.Label} saved revision {current.Revision} meanwhile. Nothing was saved."))
            .Append("</p>\n<p>Merge the two texts below and save again; your save will then be based on revision ")
            .Append(current.Revision.ToString(CultureInfo.InvariantCulture)).Append(".</p>\n<div class=\"texts\">\n<section>\n<h2>")
            .Append(Html.Html.Escape($"Revision {current.Revision} (saved meanwhile)")).Append("</h2>\n<pre>")
            .Append(Html.Html.Escape(current.IsDeleted ? "(the page was deleted)" : current.Text)).Append("</pre>\n</section>\n<section>\n<h2>Your text</h2>\n");
        Form(html, current.Name, yours, current.Revision, format, tokens);
        html.Append("</section>\n</div>\n");
        return WebAnswer.Page(409, page.Render($"{current.Name.Value}: edit conflict", html.ToString()));
    }

    private static void Form(StringBuilder html, PageName name, string text, int baseRevision, PageFormat format, AntiforgeryTokenSet tokens)
    {
        FormHtml.OpenPost(html, PathOf(name), tokens)
            .Append("<input type=\"hidden\" name=\"").Append(BaseField).Append("\" value=\"").Append(baseRevision.ToString(CultureInfo.InvariantCulture)).Append("\">\n")
            .Append("<label for=\"text\">Text</label>\n<textarea id=\"text\" name=\"").Append(TextField).Append("\" spellcheck=\"true\">")
            // A leading newline in a textarea is dropped by the parser; one added here keeps the text's own.
            .Append('\n').Append(Html.Html.Escape(text)).Append("</textarea>\n")
            .Append("<label for=\"format\">Format</label>\n<select id=\"format\" name=\"").Append(FormatField).Append("\">\n")
            .Append("<option value=\"gemtext\"").Append(format == PageFormat.Gemtext ? " selected" : string.Empty).Append(">Gemtext</option>\n")
            .Append("<option value=\"markdown\"").Append(format == PageFormat.Markdown ? " selected" : string.Empty).Append(">Markdown</option>\n")
            .Append("</select>\n<button type=\"submit\">Save</button>\n</form>\n");
    }
}
