using System.Globalization;
using GeminiWiki.Protocol.Gemtext;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace GeminiWiki.Domain.Rendering;

/// <summary>
/// A block that shows nothing: front matter is metadata, link definitions are already resolved
/// into their links, and HTML is meant for browsers (shown as text it would be tag soup).
/// </summary>
internal sealed class SkippedBlockRenderer<TBlock> : MarkdownObjectRenderer<GemtextRenderer, TBlock>
    where TBlock : Block
{
    protected override void Write(GemtextRenderer renderer, TBlock block)
    {
    }
}

/// <summary>Gemtext has three heading levels; deeper ones fold into the third.</summary>
internal sealed class HeadingRenderer : MarkdownObjectRenderer<GemtextRenderer, HeadingBlock>
{
    protected override void Write(GemtextRenderer renderer, HeadingBlock heading)
    {
        var run = renderer.CollectInlines(heading.Inline);
        renderer.Output.Heading(run.SingleLine, Math.Clamp(heading.Level, 1, 3));
        renderer.WriteLinks(run.Links);
    }
}

/// <summary>A paragraph's text lines, then its links.</summary>
internal sealed class ParagraphRenderer : MarkdownObjectRenderer<GemtextRenderer, ParagraphBlock>
{
    protected override void Write(GemtextRenderer renderer, ParagraphBlock paragraph) =>
        WriteParagraph(renderer, paragraph.Inline);

    internal static void WriteParagraph(GemtextRenderer renderer, ContainerInline? inline)
    {
        var run = renderer.CollectInlines(inline);
        // A paragraph that is nothing but links (a row of badges, a lone image) needs no text line.
        if (!run.OnlyLinks)
        {
            foreach (var line in run.Lines)
            {
                renderer.Output.Text(line);
            }
        }

        renderer.WriteLinks(run.Links);
    }
}

/// <summary>Any other leaf block with inline content reads as a paragraph.</summary>
internal sealed class LeafBlockRenderer : MarkdownObjectRenderer<GemtextRenderer, LeafBlock>
{
    protected override void Write(GemtextRenderer renderer, LeafBlock leaf)
    {
        if (leaf.Inline is not null)
        {
            ParagraphRenderer.WriteParagraph(renderer, leaf.Inline);
        }
    }
}

/// <summary>Any other container shows its blocks, set apart as at the top level.</summary>
internal sealed class ContainerBlockRenderer : MarkdownObjectRenderer<GemtextRenderer, ContainerBlock>
{
    protected override void Write(GemtextRenderer renderer, ContainerBlock container) => renderer.WriteBlocks(container);
}

/// <summary>Lists of any depth become one flat run of "* " items; ordered items keep their number.</summary>
internal sealed class ListRenderer : MarkdownObjectRenderer<GemtextRenderer, ListBlock>
{
    protected override void Write(GemtextRenderer renderer, ListBlock list)
    {
        var number = list.IsOrdered && int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? number.ToString(CultureInfo.InvariantCulture) + ". " : string.Empty;
            number++;
            var first = true;
            foreach (var block in item)
            {
                if (first && block is ParagraphBlock paragraph)
                {
                    var run = renderer.CollectInlines(paragraph.Inline);
                    renderer.Output.ListItem(marker + run.SingleLine);
                    renderer.WriteLinks(run.Links);
                }
                else
                {
                    if (first && list.IsOrdered)
                    {
                        // An ordered item that opens with something else still shows its number.
                        renderer.Output.ListItem(marker);
                    }

                    // The rest of an item stays with it: no blank lines inside a list.
                    renderer.Write(block);
                }

                first = false;
            }

            if (first)
            {
                renderer.Output.ListItem(marker);
            }
        }
    }
}

/// <summary>
/// Gemtext quotes are single lines, so the quoted blocks are rendered on their own and then
/// quoted as a whole (see <see cref="GemtextBuilder.QuoteDocument"/>).
/// </summary>
internal sealed class QuoteRenderer : MarkdownObjectRenderer<GemtextRenderer, QuoteBlock>
{
    protected override void Write(GemtextRenderer renderer, QuoteBlock quote)
    {
        var inner = renderer.WriteDetached(() => renderer.WriteBlocks(quote));
        var quoted = new GemtextBuilder().QuoteDocument(inner);
        if (quoted.LineCount > 0)
        {
            renderer.Output.Raw(quoted.ToString());
        }
    }
}

/// <summary>Fenced and indented code become preformatted blocks; a fence's info string is the alt text.</summary>
internal sealed class CodeBlockRenderer : MarkdownObjectRenderer<GemtextRenderer, CodeBlock>
{
    protected override void Write(GemtextRenderer renderer, CodeBlock code)
    {
        var lines = new List<string>(code.Lines.Count);
        for (var i = 0; i < code.Lines.Count; i++)
        {
            lines.Add(code.Lines.Lines[i].Slice.ToString());
        }

        // Indented code may keep trailing blank lines; they are not part of the code.
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        renderer.Output.Preformatted(lines, (code as FencedCodeBlock)?.Info);
    }
}

internal sealed class ThematicBreakRenderer : MarkdownObjectRenderer<GemtextRenderer, ThematicBreakBlock>
{
    protected override void Write(GemtextRenderer renderer, ThematicBreakBlock thematicBreak) =>
        renderer.Output.Text(MarkdownGemtext.ThematicBreak);
}

/// <summary>A table becomes a preformatted block with padded columns; its links follow it.</summary>
internal sealed class TableRenderer : MarkdownObjectRenderer<GemtextRenderer, Table>
{
    protected override void Write(GemtextRenderer renderer, Table table)
    {
        var rows = new List<(bool IsHeader, string[] Cells)>();
        var links = new List<RenderedLink>();
        var columnCount = table.ColumnDefinitions.Count;
        foreach (var row in table.OfType<TableRow>())
        {
            var cells = new List<string>();
            foreach (var cell in row.OfType<TableCell>())
            {
                var parts = new List<string>();
                foreach (var part in cell.OfType<LeafBlock>())
                {
                    if (part.Inline is not null)
                    {
                        var run = renderer.CollectInlines(part.Inline);
                        parts.Add(run.SingleLine);
                        links.AddRange(run.Links);
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

        var lines = new List<string>();
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

            lines.Add(string.Join(" | ", padded).TrimEnd());
            var nextIsBody = r + 1 < rows.Count && !rows[r + 1].IsHeader;
            if (isHeader && nextIsBody)
            {
                lines.Add(string.Join("-+-", widths.Select(w => new string('-', Math.Max(1, w)))));
            }
        }

        renderer.Output.Preformatted(lines, "table");
        renderer.WriteLinks(links);
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
}
