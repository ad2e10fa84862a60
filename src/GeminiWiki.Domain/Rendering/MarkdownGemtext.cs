using GeminiWiki.Protocol.Gemtext;
using Markdig;
using Markdig.Syntax;

namespace GeminiWiki.Domain.Rendering;

/// <summary>
/// Converts Markdown to gemtext through Markdig's renderer model (<see cref="GemtextRenderer"/>),
/// never through HTML. Gemtext has no inline markup, so emphasis is stripped to its text and every
/// link or image becomes a <c>=&gt; URL label</c> line right after the block it appeared in, while
/// the text keeps the link's words. Headings deeper than three become <c>###</c>; lists are
/// flattened to <c>* </c> items (ordered ones keep their number: <c>* 2. step</c>); code blocks and
/// tables become preformatted blocks; HTML is dropped because gemtext clients cannot render it.
/// No text line ever starts a gemtext construct by accident. A document nested deeper than
/// Markdig allows is shown as its preformatted source.
/// </summary>
public static class MarkdownGemtext
{
    /// <summary>What a thematic break (<c>---</c>) becomes.</summary>
    public const string ThematicBreak = "───";

    // Built once: a pipeline is immutable and safe to share between threads.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseYamlFrontMatter()
        .Build();

    public static string Convert(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        try
        {
            var document = Markdown.Parse(markdown, Pipeline);
            return (string)new GemtextRenderer().Render(document);
        }
        catch (ArgumentException)
        {
            // Markdig refuses to parse or render documents nested deeper than its limit (128).
            // Such a page is not sensible Markdown, but its words are still shown, as they were written.
            return new GemtextBuilder().Preformatted(markdown, "markdown").ToString();
        }
    }
}
