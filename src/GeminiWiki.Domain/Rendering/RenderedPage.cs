using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Gemtext;

namespace GeminiWiki.Domain.Rendering;

/// <summary>
/// A page as readers get it: its gemtext, and the keys of the wiki pages that gemtext links to.
/// Both come from one rendering, so a page's backlinks are exactly the links a reader can follow:
/// a link shown in code is not one, and a reference link or an autolink is.
/// </summary>
public sealed record RenderedPage(string Gemtext, IReadOnlyList<string> LinkKeys)
{
    /// <summary>
    /// Markdown goes through Markdig; gemtext is shown as written, except that line ends become
    /// LF and an unclosed preformatted block is closed so it can't swallow the footer.
    /// </summary>
    public static RenderedPage Render(string text, PageFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        var gemtext = format == PageFormat.Markdown
            ? MarkdownGemtext.Convert(text)
            : new GemtextBuilder().Document(text).ToString();
        return new RenderedPage(gemtext, PageLinks.KeysIn(gemtext));
    }
}
