using Markdig.Extensions.TaskLists;
using Markdig.Renderers;
using Markdig.Syntax.Inlines;

namespace GeminiWiki.Domain.Rendering;

internal sealed class LiteralInlineRenderer : MarkdownObjectRenderer<GemtextRenderer, LiteralInline>
{
    protected override void Write(GemtextRenderer renderer, LiteralInline literal) =>
        renderer.Run.Append(literal.Content.ToString());
}

/// <summary>Inline code keeps its backticks: they still tell the reader it is code.</summary>
internal sealed class CodeInlineRenderer : MarkdownObjectRenderer<GemtextRenderer, CodeInline>
{
    protected override void Write(GemtextRenderer renderer, CodeInline code) =>
        renderer.Run.Append("`" + code.Content + "`");
}

/// <summary>Soft breaks are spaces; hard breaks end the line.</summary>
internal sealed class LineBreakInlineRenderer : MarkdownObjectRenderer<GemtextRenderer, LineBreakInline>
{
    protected override void Write(GemtextRenderer renderer, LineBreakInline lineBreak)
    {
        if (lineBreak.IsHard)
        {
            renderer.Run.EndLine();
        }
        else
        {
            renderer.Run.Append(" ");
        }
    }
}

internal sealed class AutolinkInlineRenderer : MarkdownObjectRenderer<GemtextRenderer, AutolinkInline>
{
    protected override void Write(GemtextRenderer renderer, AutolinkInline autolink) =>
        renderer.Run.AddAutolink(autolink.Url, autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url);
}

/// <summary>Links and images keep their words in the text and become a link line after the block.</summary>
internal sealed class LinkInlineRenderer : MarkdownObjectRenderer<GemtextRenderer, LinkInline>
{
    protected override void Write(GemtextRenderer renderer, LinkInline link)
    {
        var start = renderer.Run.BeginLink();
        renderer.WriteChildren(link);
        renderer.Run.EndLink(start, link.Url, link.Title);
    }
}

internal sealed class HtmlEntityInlineRenderer : MarkdownObjectRenderer<GemtextRenderer, HtmlEntityInline>
{
    protected override void Write(GemtextRenderer renderer, HtmlEntityInline entity) =>
        renderer.Run.Append(entity.Transcoded.ToString());
}

/// <summary>HTML tags are dropped; a <c>&lt;br&gt;</c> still breaks the line as the author meant.</summary>
internal sealed class HtmlInlineRenderer : MarkdownObjectRenderer<GemtextRenderer, HtmlInline>
{
    protected override void Write(GemtextRenderer renderer, HtmlInline html)
    {
        var compact = html.Tag?.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        if (compact is "<br>" or "<br/>")
        {
            renderer.Run.EndLine();
        }
    }
}

internal sealed class TaskListRenderer : MarkdownObjectRenderer<GemtextRenderer, TaskList>
{
    protected override void Write(GemtextRenderer renderer, TaskList task) =>
        renderer.Run.Append(task.Checked ? "[x] " : "[ ] ");
}

/// <summary>
/// Emphasis, strong and strikethrough keep their words and lose their markup. Markdig does not
/// limit how deeply emphasis nests, and rendering each level through the renderer would hit its
/// nesting limit (or the stack) on a page of 50,000 nested "**", so nested emphasis is walked
/// here with a stack of its own and only other inlines go back to the renderer.
/// </summary>
internal sealed class EmphasisInlineRenderer : MarkdownObjectRenderer<GemtextRenderer, EmphasisInline>
{
    protected override void Write(GemtextRenderer renderer, EmphasisInline emphasis)
    {
        var pending = new Stack<Inline>();
        PushChildren(pending, emphasis);
        while (pending.TryPop(out var inline))
        {
            if (inline is EmphasisInline nested)
            {
                PushChildren(pending, nested);
            }
            else
            {
                renderer.Write(inline);
            }
        }
    }

    private static void PushChildren(Stack<Inline> pending, ContainerInline container)
    {
        for (var child = container.LastChild; child is not null; child = child.PreviousSibling)
        {
            pending.Push(child);
        }
    }
}

/// <summary>An unmatched delimiter ("*" with no partner) is literal text.</summary>
internal sealed class DelimiterInlineRenderer : MarkdownObjectRenderer<GemtextRenderer, DelimiterInline>
{
    protected override void Write(GemtextRenderer renderer, DelimiterInline delimiter)
    {
        renderer.Run.Append(delimiter.ToLiteral());
        renderer.WriteChildren(delimiter);
    }
}

internal sealed class ContainerInlineRenderer : MarkdownObjectRenderer<GemtextRenderer, ContainerInline>
{
    protected override void Write(GemtextRenderer renderer, ContainerInline container) => renderer.WriteChildren(container);
}
