using GeminiWiki.Protocol.Gemtext;
using Markdig.Extensions.Yaml;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace GeminiWiki.Domain.Rendering;

/// <summary>
/// Renders a Markdig document as gemtext, in Markdig's renderer model: one object renderer per
/// node type, registered the way Markdig's <c>HtmlRenderer</c> registers its own. Every line goes
/// through <see cref="GemtextBuilder"/>, which owns the gemtext rules (line ends, neutralised
/// text, link targets, fences). Holds state while rendering: use one instance per document.
/// </summary>
public sealed class GemtextRenderer : RendererBase
{
    private GemtextBuilder _output = new();
    // Blocks in a container are set apart by one blank line, written only once the next block
    // really writes something: a block that renders to nothing (HTML, front matter) leaves no gap.
    private bool _blankPending;

    public GemtextRenderer()
    {
        // Order matters: the first renderer that accepts a type wins, so subclasses come before
        // their base classes (front matter and fenced code are code blocks, links are containers).
        ObjectRenderers.Add(new SkippedBlockRenderer<YamlFrontMatterBlock>());
        ObjectRenderers.Add(new SkippedBlockRenderer<LinkReferenceDefinitionGroup>());
        ObjectRenderers.Add(new SkippedBlockRenderer<LinkReferenceDefinition>());
        ObjectRenderers.Add(new SkippedBlockRenderer<HtmlBlock>());
        ObjectRenderers.Add(new HeadingRenderer());
        ObjectRenderers.Add(new ParagraphRenderer());
        ObjectRenderers.Add(new ListRenderer());
        ObjectRenderers.Add(new QuoteRenderer());
        ObjectRenderers.Add(new CodeBlockRenderer());
        ObjectRenderers.Add(new ThematicBreakRenderer());
        ObjectRenderers.Add(new TableRenderer());
        ObjectRenderers.Add(new ContainerBlockRenderer());
        ObjectRenderers.Add(new LeafBlockRenderer());

        ObjectRenderers.Add(new LiteralInlineRenderer());
        ObjectRenderers.Add(new CodeInlineRenderer());
        ObjectRenderers.Add(new LineBreakInlineRenderer());
        ObjectRenderers.Add(new AutolinkInlineRenderer());
        ObjectRenderers.Add(new LinkInlineRenderer());
        ObjectRenderers.Add(new HtmlEntityInlineRenderer());
        ObjectRenderers.Add(new HtmlInlineRenderer());
        ObjectRenderers.Add(new TaskListRenderer());
        ObjectRenderers.Add(new EmphasisInlineRenderer());
        ObjectRenderers.Add(new DelimiterInlineRenderer());
        ObjectRenderers.Add(new ContainerInlineRenderer());
    }

    /// <summary>The words and links of the inline run being rendered.</summary>
    internal InlineRun Run { get; private set; } = new();

    /// <summary>Where the next line goes; writes the blank line owed to the previous block first.</summary>
    internal GemtextBuilder Output
    {
        get
        {
            if (_blankPending)
            {
                _blankPending = false;
                _output.Blank();
            }

            return _output;
        }
    }

    /// <summary>Renders a document and returns its gemtext (a string).</summary>
    public override object Render(MarkdownObject markdownObject)
    {
        Write(markdownObject);
        return _output.ToString();
    }

    /// <summary>Writes the blocks of a container, one blank line between those that write anything.</summary>
    internal void WriteBlocks(ContainerBlock container)
    {
        var wroteAny = false;
        foreach (var block in container)
        {
            var before = _output.LineCount;
            _blankPending = wroteAny;
            Write(block);
            _blankPending = false;
            wroteAny |= _output.LineCount != before;
        }
    }

    /// <summary>Renders a block's inlines on their own, leaving the text and links they hold.</summary>
    internal InlineRun CollectInlines(ContainerInline? inline)
    {
        var outer = Run;
        Run = new InlineRun();
        try
        {
            if (inline is not null)
            {
                WriteChildren(inline);
            }

            return Run.Finish();
        }
        finally
        {
            Run = outer;
        }
    }

    /// <summary>Renders into a separate document (a quotation is built apart, then quoted).</summary>
    internal string WriteDetached(Action write)
    {
        var (output, blankPending) = (_output, _blankPending);
        (_output, _blankPending) = (new GemtextBuilder(), false);
        try
        {
            write();
            return _output.ToString();
        }
        finally
        {
            (_output, _blankPending) = (output, blankPending);
        }
    }

    /// <summary>The link lines that follow a block, each link once.</summary>
    internal void WriteLinks(IEnumerable<RenderedLink> links)
    {
        foreach (var link in links.Distinct())
        {
            Output.Link(link.Url, link.Label);
        }
    }
}
