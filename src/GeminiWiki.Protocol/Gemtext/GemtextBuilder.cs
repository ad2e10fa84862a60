using System.Text;

namespace GeminiWiki.Protocol.Gemtext;

/// <summary>
/// Builds a gemtext document line by line with LF line endings. Text from users is made safe for
/// the line type it lands in: a text line that would be read as a link, heading or toggle is
/// prefixed with a space, so no one can inject markup into a page they do not own, and control
/// characters become spaces everywhere but in preformatted blocks.
/// </summary>
public sealed class GemtextBuilder
{
    private readonly StringBuilder _text = new();

    /// <summary>How many lines have been written so far.</summary>
    public int LineCount { get; private set; }

    public GemtextBuilder Heading(string text, int level = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 3);
        return Line(WithMarker(new string('#', level), OneLine(text)));
    }

    public GemtextBuilder Text(string text)
    {
        foreach (var line in SplitLines(text))
        {
            Line(NeutralizeText(Printable(line)));
        }

        return this;
    }

    public GemtextBuilder Blank() => Line(string.Empty);

    public GemtextBuilder Link(string url, string? label = null)
    {
        var target = LinkTarget(url);
        var shown = label is null ? string.Empty : OneLine(label);
        return Line(shown.Length == 0 ? $"=> {target}" : $"=> {target} {shown}");
    }

    public GemtextBuilder ListItem(string text) => Line(WithMarker("*", OneLine(text)));

    public GemtextBuilder Quote(string text)
    {
        foreach (var line in SplitLines(text))
        {
            Line("> " + Printable(line));
        }

        return this;
    }

    /// <summary>
    /// Quotes a gemtext document: every line becomes a quote line, except link lines, which stay
    /// links so a quoted link can still be followed, and preformat toggles, which a quote cannot
    /// hold. Blank lines become a bare <c>&gt;</c> so the quotation stays one piece, and none is
    /// left at either end.
    /// </summary>
    public GemtextBuilder QuoteDocument(string gemtext)
    {
        var lines = new List<string>();
        foreach (var line in GemtextReader.Lines(gemtext))
        {
            switch (line.Kind)
            {
                case GemtextLineKind.Link:
                    lines.Add(line.Text);
                    break;
                case GemtextLineKind.Toggle:
                    break;
                default:
                    lines.Add(("> " + line.Text).TrimEnd());
                    break;
            }
        }

        var start = 0;
        var end = lines.Count;
        while (end > start && lines[end - 1] == ">")
        {
            end--;
        }

        while (start < end && lines[start] == ">")
        {
            start++;
        }

        for (var i = start; i < end; i++)
        {
            Line(lines[i]);
        }

        return this;
    }

    /// <summary>A preformatted block; lines that would close the block early are indented by one space.</summary>
    public GemtextBuilder Preformatted(string text, string? altText = null) => Preformatted(SplitLines(text), altText);

    /// <summary>A preformatted block of the given lines (none makes an empty block); a line break inside one starts a new line.</summary>
    public GemtextBuilder Preformatted(IEnumerable<string> lines, string? altText = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Line("```" + (altText is null ? string.Empty : OneLine(altText)));
        foreach (var line in lines.SelectMany(SplitLines))
        {
            Line(line.StartsWith("```", StringComparison.Ordinal) ? " " + line : line);
        }

        return Line("```");
    }

    /// <summary>Appends gemtext as it is (already a document, such as a stored page).</summary>
    public GemtextBuilder Raw(string gemtext)
    {
        foreach (var line in SplitLines(gemtext))
        {
            Line(line);
        }

        return this;
    }

    /// <summary>
    /// Appends a whole gemtext document (a stored page) as written, except that a preformatted
    /// block left open is closed so it cannot swallow what follows. An empty document adds nothing.
    /// </summary>
    public GemtextBuilder Document(string gemtext)
    {
        var open = false;
        foreach (var line in GemtextReader.Lines(gemtext))
        {
            if (line.Kind == GemtextLineKind.Toggle)
            {
                open = !open;
            }

            Line(line.Text);
        }

        return open ? Line("```") : this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>Gemtext uses one line ending throughout: CRLF and bare CR become LF.</summary>
    public static string NormalizeLineEndings(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private GemtextBuilder Line(string line)
    {
        _text.Append(line).Append('\n');
        LineCount++;
        return this;
    }

    private static IEnumerable<string> SplitLines(string text)
    {
        var normalized = NormalizeLineEndings(text);
        if (normalized.EndsWith('\n'))
        {
            normalized = normalized[..^1];
        }

        return normalized.Split('\n');
    }

    /// <summary>
    /// A URL fit for a link line: whitespace would end the URL and start the label, and a line
    /// break would start a new line, so both are percent-encoded.
    /// </summary>
    private static string LinkTarget(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var trimmed = url.Trim();
        if (!trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in trimmed.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune) && !Rune.IsControl(rune))
            {
                builder.Append(rune.ToString());
                continue;
            }

            var count = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < count; i++)
            {
                builder.Append('%').Append(utf8[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Text for a line that must stay one line (headings, items, labels, alt text): no line breaks, no control characters.</summary>
    private static string OneLine(string text)
    {
        var normalized = NormalizeLineEndings(text);
        return string.Create(normalized.Length, normalized, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();
    }

    /// <summary>
    /// Control characters other than tabs have no business in a text line (a terminal client
    /// would act on an escape sequence), so they become spaces.
    /// </summary>
    private static string Printable(string line)
    {
        if (!line.Any(c => char.IsControl(c) && c != '\t'))
        {
            return line;
        }

        return string.Create(line.Length, line, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) && source[i] != '\t' ? ' ' : source[i];
            }
        });
    }

    // An empty heading or item keeps no trailing space.
    private static string WithMarker(string marker, string text) => text.Length == 0 ? marker : marker + " " + text;

    /// <summary>
    /// Makes one line of text safe to stand as a gemtext text line: a line that a client would read
    /// as a link, heading, list item, quote or preformat toggle gets a leading space.
    /// </summary>
    public static string NeutralizeText(string line) =>
        line.StartsWith("=>", StringComparison.Ordinal) || line.StartsWith('#') || line.StartsWith("```", StringComparison.Ordinal)
            || line.StartsWith("* ", StringComparison.Ordinal) || line.StartsWith('>')
            ? " " + line
            : line;
}
