using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Requests;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace GeminiWiki.Web.Html;

/// <summary>
/// Markdown pages in the browser: the page's own Markdown through Markdig's HTML renderer, with raw
/// HTML disabled (it is shown as text) and every link target passed through <see cref="WebLinks"/>.
/// The Gemini answer for a current page is its converted gemtext followed by the wiki's footer;
/// only the converted part is replaced, so the footer stays the Gemini side's own.
/// </summary>
public sealed class MarkdownHtml(IPageStore pages, PageRenderCache renderCache, WikiOptions wiki, WebLinks links)
{
    private const string PagePrefix = "/page/";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    public sealed record Split(string Html, string Title, string RestGemtext);

    /// <summary>Renders Markdown to HTML; raw HTML in it comes out escaped.</summary>
    public static string Render(string markdown, WebLinks links)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (link.Url is { } url && links.Href(url) is { } href)
            {
                link.Url = href;
                continue;
            }

            // A script or data URL never becomes a link: its label stays as text.
            foreach (var child in link.ToList())
            {
                child.Remove();
                link.InsertBefore(child);
            }

            link.Remove();
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!autolink.IsEmail && links.Href(autolink.Url) is null)
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    /// <summary>
    /// For the current revision of a Markdown page shown at <paramref name="path"/> ("/" or
    /// "/page/&lt;name&gt;"): its HTML and the rest of the Gemini answer after its converted text.
    /// Null for anything else (gemtext pages, old revisions, other paths).
    /// </summary>
    public Split? TrySplit(string path, string gemtext)
    {
        string? nameText;
        if (path == "/")
        {
            nameText = wiki.MainPage;
        }
        else if (path.StartsWith(PagePrefix, StringComparison.Ordinal) && path.IndexOf('/', PagePrefix.Length) < 0
            && PercentEncoding.TryDecode(path[PagePrefix.Length..], out var decoded))
        {
            nameText = decoded;
        }
        else
        {
            return null;
        }

        if (!PageName.TryParse(nameText, int.MaxValue, out var name, out _)
            || pages.Find(name) is not { Format: PageFormat.Markdown, IsDeleted: false, IsDamaged: false } page)
        {
            return null;
        }

        var converted = Lines(renderCache.Current(page));
        var answer = Lines(gemtext);
        if (answer.Length < converted.Length || !converted.AsSpan().SequenceEqual(answer.AsSpan(0, converted.Length)))
        {
            return null;
        }

        return new Split(Render(page.Text, links), page.Name.Value, string.Join('\n', answer[converted.Length..]));
    }

    private static string[] Lines(string gemtext)
    {
        var text = GemtextBuilder.NormalizeLineEndings(gemtext);
        return (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
    }
}
