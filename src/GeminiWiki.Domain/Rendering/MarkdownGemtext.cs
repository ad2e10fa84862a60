using System.Globalization;
using System.Text;
using GeminiWiki.Protocol.Gemtext;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace GeminiWiki.Domain.Rendering;

/// <summary>
/// Converts Markdown to gemtext by walking Markdig's syntax tree (never through HTML).
/// Gemtext has no inline markup, so emphasis is stripped to its text and every link or image
/// becomes a <c>=&gt; URL label</c> line right after the block it appeared in, while the text
/// keeps the link's words. Headings deeper than three become <c>###</c>; lists are flattened to
/// <c>* </c> items (ordered ones keep their number: <c>* 2. step</c>); code blocks and tables
/// become preformatted blocks; HTML is dropped because gemtext clients cannot render it.
/// No text line ever starts a gemtext construct by accident.
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
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses documents nested deeper than its limit (128). Such a page is not
            // sensible Markdown, but its words are still shown, as they were written.
            return new GemtextBuilder().Preformatted(markdown, "markdown").ToString();
        }

        var lines = RenderBlocks(document);
        if (lines.Count == 0)
        {
            return string.Empty;
        }

        var output = new StringBuilder();
        foreach (var line in lines)
        {
            output.Append(line.Text).Append('\n');
        }

        return output.ToString();
    }

    private enum LineKind
    {
        Blank,
        Text,
        Heading,
        Link,
        ListItem,
        Quote,
        Toggle,
        Preformatted,
    }

    private readonly record struct GemLine(LineKind Kind, string Text)
    {
        public static readonly GemLine Blank = new(LineKind.Blank, string.Empty);
    }

    private readonly record struct LinkLine(string Url, string? Label);

    /// <summary>Renders the children of a container, one blank line between blocks.</summary>
    private static List<GemLine> RenderBlocks(ContainerBlock container)
    {
        var lines = new List<GemLine>();
        foreach (var block in container)
        {
            var rendered = RenderBlock(block);
            if (rendered.Count == 0)
            {
                continue;
            }

            if (lines.Count > 0)
            {
                lines.Add(GemLine.Blank);
            }

            lines.AddRange(rendered);
        }

        return lines;
    }

    private static List<GemLine> RenderBlock(Block block) => block switch
    {
        // Front matter is metadata (and a code block to Markdig); link definitions are already
        // resolved into their links.
        YamlFrontMatterBlock or LinkReferenceDefinitionGroup or LinkReferenceDefinition => [],
        HeadingBlock heading => RenderHeading(heading),
        FencedCodeBlock fenced => RenderPreformatted(fenced, fenced.Info),
        CodeBlock code => RenderPreformatted(code, null),
        ThematicBreakBlock => [new GemLine(LineKind.Text, ThematicBreak)],
        QuoteBlock quote => RenderQuote(quote),
        ListBlock list => RenderList(list),
        Table table => RenderTable(table),
        // HTML is meant for browsers: shown as text it would be tag soup, so it is left out.
        HtmlBlock => [],
        LeafBlock { Inline: { } inline } => RenderParagraph(inline),
        ContainerBlock container => RenderBlocks(container),
        _ => [],
    };

    private static List<GemLine> RenderParagraph(ContainerInline inline)
    {
        var text = InlineText.Collect(inline);
        var lines = new List<GemLine>();
        // A paragraph that is nothing but links (a row of badges, a lone image) needs no text line.
        if (!text.OnlyLinks)
        {
            lines.AddRange(text.Lines.Select(line => new GemLine(LineKind.Text, GemtextBuilder.NeutralizeText(line))));
        }

        AddLinks(lines, text.Links);
        return lines;
    }

    private static List<GemLine> RenderHeading(HeadingBlock heading)
    {
        var text = InlineText.Collect(heading.Inline);
        var marker = new string('#', Math.Clamp(heading.Level, 1, 3));
        var lines = new List<GemLine> { new(LineKind.Heading, $"{marker} {text.SingleLine}".TrimEnd()) };
        AddLinks(lines, text.Links);
        return lines;
    }

    private static List<GemLine> RenderPreformatted(LeafBlock code, string? altText)
    {
        var lines = new List<GemLine> { new(LineKind.Toggle, "```" + OneLine(altText ?? string.Empty)) };
        var source = code.Lines;
        var content = new List<string>(source.Count);
        for (var i = 0; i < source.Count; i++)
        {
            content.Add(source.Lines[i].Slice.ToString());
        }

        // Indented code may keep trailing blank lines; they are not part of the code.
        while (content.Count > 0 && string.IsNullOrWhiteSpace(content[^1]))
        {
            content.RemoveAt(content.Count - 1);
        }

        lines.AddRange(content.Select(line => new GemLine(LineKind.Preformatted, PreformattedLine(line))));
        lines.Add(new GemLine(LineKind.Toggle, "```"));
        return lines;
    }

    /// <summary>
    /// Gemtext quotes are single lines, so everything inside becomes "&gt; " lines; links stay
    /// real link lines (a quoted link should still be followable) and code toggles are dropped
    /// because a preformatted block cannot live inside a quote.
    /// </summary>
    private static List<GemLine> RenderQuote(QuoteBlock quote)
    {
        var lines = new List<GemLine>();
        foreach (var line in RenderBlocks(quote))
        {
            switch (line.Kind)
            {
                case LineKind.Link:
                    lines.Add(line);
                    break;
                case LineKind.Toggle:
                    break;
                case LineKind.Blank:
                    lines.Add(new GemLine(LineKind.Quote, ">"));
                    break;
                default:
                    lines.Add(new GemLine(LineKind.Quote, ("> " + line.Text).TrimEnd()));
                    break;
            }
        }

        // Dropped toggles can leave an empty quote line at either end.
        while (lines.Count > 0 && lines[^1].Text == ">")
        {
            lines.RemoveAt(lines.Count - 1);
        }

        while (lines.Count > 0 && lines[0].Text == ">")
        {
            lines.RemoveAt(0);
        }

        return lines;
    }

    /// <summary>Lists of any depth become one flat run of "* " items; ordered items keep their number.</summary>
    private static List<GemLine> RenderList(ListBlock list)
    {
        var lines = new List<GemLine>();
        var number = list.IsOrdered && int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 1;
        foreach (var child in list)
        {
            if (child is not ListItemBlock item)
            {
                continue;
            }

            var marker = list.IsOrdered ? $"* {number.ToString(CultureInfo.InvariantCulture)}. " : "* ";
            number++;
            var first = true;
            foreach (var block in item)
            {
                if (first && block is ParagraphBlock { Inline: { } inline })
                {
                    var text = InlineText.Collect(inline);
                    lines.Add(new GemLine(LineKind.ListItem, (marker + text.SingleLine).TrimEnd()));
                    AddLinks(lines, text.Links);
                }
                else
                {
                    if (first && list.IsOrdered)
                    {
                        // An ordered item that opens with something else still shows its number.
                        lines.Add(new GemLine(LineKind.ListItem, marker.TrimEnd()));
                    }

                    lines.AddRange(RenderBlock(block));
                }

                first = false;
            }

            if (first)
            {
                lines.Add(new GemLine(LineKind.ListItem, marker.TrimEnd()));
            }
        }

        return lines;
    }

    /// <summary>A table becomes a preformatted block with padded columns; its links follow it.</summary>
    private static List<GemLine> RenderTable(Table table)
    {
        var rows = new List<(bool IsHeader, string[] Cells)>();
        var links = new List<LinkLine>();
        var columnCount = table.ColumnDefinitions.Count;
        foreach (var rowBlock in table)
        {
            if (rowBlock is not TableRow row)
            {
                continue;
            }

            var cells = new List<string>();
            foreach (var cellBlock in row)
            {
                if (cellBlock is not TableCell cell)
                {
                    continue;
                }

                var parts = new List<string>();
                foreach (var part in cell)
                {
                    if (part is LeafBlock { Inline: { } inline })
                    {
                        var text = InlineText.Collect(inline);
                        parts.Add(text.SingleLine);
                        links.AddRange(text.Links);
                    }
                }

                cells.Add(string.Join(' ', parts));
            }

            columnCount = Math.Max(columnCount, cells.Count);
            rows.Add((row.IsHeader, cells.ToArray()));
        }

        var widths = new int[columnCount];
        foreach (var (_, cells) in rows)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                widths[i] = Math.Max(widths[i], DisplayWidth(cells[i]));
            }
        }

        var lines = new List<GemLine> { new(LineKind.Toggle, "```table") };
        for (var r = 0; r < rows.Count; r++)
        {
            var (isHeader, cells) = rows[r];
            // Empty cells at the end of a row would only leave dangling separators.
            var used = cells.Length;
            while (used > 0 && cells[used - 1].Length == 0)
            {
                used--;
            }

            var padded = new string[Math.Max(1, used)];
            for (var i = 0; i < padded.Length; i++)
            {
                var alignment = i < table.ColumnDefinitions.Count ? table.ColumnDefinitions[i].Alignment : null;
                padded[i] = Pad(i < cells.Length ? cells[i] : string.Empty, widths[i], alignment);
            }

            lines.Add(new GemLine(LineKind.Preformatted, PreformattedLine(string.Join(" | ", padded).TrimEnd())));
            var nextIsBody = r + 1 < rows.Count && !rows[r + 1].IsHeader;
            if (isHeader && nextIsBody)
            {
                lines.Add(new GemLine(LineKind.Preformatted, string.Join("-+-", widths.Select(w => new string('-', Math.Max(1, w))))));
            }
        }

        lines.Add(new GemLine(LineKind.Toggle, "```"));
        AddLinks(lines, links);
        return lines;
    }

    private static string Pad(string text, int width, TableColumnAlign? alignment)
    {
        var missing = width - DisplayWidth(text);
        if (missing <= 0)
        {
            return text;
        }

        return alignment switch
        {
            TableColumnAlign.Right => new string(' ', missing) + text,
            TableColumnAlign.Center => new string(' ', missing / 2) + text + new string(' ', missing - (missing / 2)),
            _ => text + new string(' ', missing),
        };
    }

    // Columns line up in a monospace font when counted in user-perceived characters.
    private static int DisplayWidth(string text) => new StringInfo(text).LengthInTextElements;

    private static void AddLinks(List<GemLine> lines, IReadOnlyList<LinkLine> links)
    {
        var seen = new HashSet<LinkLine>();
        foreach (var link in links)
        {
            if (!seen.Add(link))
            {
                continue;
            }

            lines.Add(new GemLine(LineKind.Link, link.Label is null ? $"=> {link.Url}" : $"=> {link.Url} {link.Label}"));
        }
    }

    /// <summary>A line inside a preformatted block must not close the block early.</summary>
    private static string PreformattedLine(string line) =>
        line.StartsWith("```", StringComparison.Ordinal) ? " " + line : line;

    private static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }

    /// <summary>
    /// A link target fit for a link line: no whitespace (it would end the URL and start the
    /// label) and no control characters. Null when nothing is left.
    /// </summary>
    private static string? LinkTarget(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var builder = new StringBuilder(url.Length);
        foreach (var rune in url.Trim().EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                builder.Append("%20");
            }
            else if (!Rune.IsControl(rune))
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>
    /// The text of a run of inlines, split at hard line breaks, and the links it holds. The walk
    /// uses its own stack: Markdig does not limit how deeply emphasis nests, and a page of 50,000
    /// nested "**" must not overflow the server's stack.
    /// </summary>
    private sealed class InlineText
    {
        private readonly List<string> _lines = [];
        private readonly List<LinkLine?> _links = [];
        private readonly StringBuilder _current = new();
        // Everything written so far, line ends as spaces: a link's label is what its content wrote.
        private readonly StringBuilder _written = new();
        private bool _hasPlainText;

        private InlineText()
        {
        }

        public IReadOnlyList<string> Lines => _lines;

        public IReadOnlyList<LinkLine> Links => [.. _links.OfType<LinkLine>()];

        /// <summary>True when every visible character belongs to a link or image.</summary>
        public bool OnlyLinks => _links.Any(link => link is not null) && !_hasPlainText;

        public string SingleLine => string.Join(' ', _lines.Where(line => line.Length > 0));

        public static InlineText Collect(ContainerInline? inline)
        {
            var text = new InlineText();
            if (inline is not null)
            {
                text.Walk(inline);
            }

            text.EndLine();
            while (text._lines.Count > 0 && text._lines[^1].Length == 0)
            {
                text._lines.RemoveAt(text._lines.Count - 1);
            }

            return text;
        }

        /// <summary>A node to visit, or (with <see cref="LinkEnd"/>) the end of a link's content.</summary>
        private readonly record struct Step(Inline? Node, bool InsideLink, LinkInline? LinkEnd = null, int LinkSlot = 0, int LabelStart = 0);

        private void Walk(ContainerInline root)
        {
            var pending = new Stack<Step>();
            PushChildren(pending, root, insideLink: false);
            while (pending.TryPop(out var step))
            {
                if (step.LinkEnd is { } finished)
                {
                    var label = _written.ToString(step.LabelStart, _written.Length - step.LabelStart);
                    _links[step.LinkSlot] = MakeLink(finished.Url, string.IsNullOrWhiteSpace(label) ? finished.Title : label);
                    continue;
                }

                var insideLink = step.InsideLink;
                switch (step.Node)
                {
                    case LiteralInline literal:
                        Append(literal.Content.ToString(), insideLink);
                        break;
                    case CodeInline code:
                        Append("`" + code.Content + "`", insideLink);
                        break;
                    case LineBreakInline lineBreak:
                        if (lineBreak.IsHard)
                        {
                            EndLine();
                        }
                        else
                        {
                            Append(" ", insideLink);
                        }

                        break;
                    case AutolinkInline autolink:
                        Append(autolink.Url, insideLink: true);
                        _links.Add(MakeLink(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url, autolink.Url));
                        break;
                    case LinkInline link:
                        // The slot keeps an outer link before the image inside it; the label is
                        // known once the content has been written.
                        _links.Add(null);
                        pending.Push(new Step(null, insideLink, link, _links.Count - 1, _written.Length));
                        PushChildren(pending, link, insideLink: true);
                        break;
                    case HtmlEntityInline entity:
                        Append(entity.Transcoded.ToString(), insideLink);
                        break;
                    case HtmlInline html:
                        // Tags are dropped; a <br> still breaks the line as the author meant.
                        if (IsLineBreakTag(html.Tag))
                        {
                            EndLine();
                        }

                        break;
                    case TaskList task:
                        Append(task.Checked ? "[x] " : "[ ] ", insideLink);
                        break;
                    case DelimiterInline delimiter:
                        // Unmatched delimiters ("*" with no partner) are literal text.
                        Append(delimiter.ToLiteral(), insideLink);
                        PushChildren(pending, delimiter, insideLink);
                        break;
                    case ContainerInline container:
                        // Emphasis, strong, strikethrough and the like: the words stay, the markup goes.
                        PushChildren(pending, container, insideLink);
                        break;
                }
            }
        }

        private static void PushChildren(Stack<Step> pending, ContainerInline container, bool insideLink)
        {
            for (var child = container.LastChild; child is not null; child = child.PreviousSibling)
            {
                pending.Push(new Step(child, insideLink));
            }
        }

        private static LinkLine? MakeLink(string? url, string? label)
        {
            var target = LinkTarget(url);
            if (target is null)
            {
                return null;
            }

            var cleanLabel = label is null ? null : CollapseSpaces(OneLine(label));
            // An autolink's label would only repeat its URL.
            if (string.IsNullOrEmpty(cleanLabel) || cleanLabel == target || cleanLabel == url)
            {
                cleanLabel = null;
            }

            return new LinkLine(target, cleanLabel);
        }

        private void Append(string text, bool insideLink)
        {
            if (!insideLink && !string.IsNullOrWhiteSpace(text))
            {
                _hasPlainText = true;
            }

            foreach (var c in text)
            {
                // Text never carries a line end of its own; only hard breaks end lines.
                var safe = c is '\r' or '\n' || (char.IsControl(c) && c != '\t') ? ' ' : c;
                _current.Append(safe);
                _written.Append(safe);
            }
        }

        private void EndLine()
        {
            _lines.Add(CollapseSpaces(_current.ToString()).Trim());
            _current.Clear();
            _written.Append(' ');
        }

        private static string CollapseSpaces(string text)
        {
            if (!text.Contains("  ", StringComparison.Ordinal))
            {
                return text;
            }

            var builder = new StringBuilder(text.Length);
            var previousSpace = false;
            foreach (var c in text)
            {
                if (c == ' ' && previousSpace)
                {
                    continue;
                }

                builder.Append(c);
                previousSpace = c == ' ';
            }

            return builder.ToString();
        }

        private static bool IsLineBreakTag(string? tag)
        {
            if (tag is null)
            {
                return false;
            }

            var compact = tag.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            return compact is "<br>" or "<br/>";
        }
    }
}
