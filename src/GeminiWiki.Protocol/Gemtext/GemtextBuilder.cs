using System.Text;

namespace GeminiWiki.Protocol.Gemtext;

/// <summary>
/// Builds a gemtext document line by line with LF line endings. Text from users is made safe for
/// the line type it lands in: a text line that would be read as a link, heading or toggle is
/// prefixed with a space, so no one can inject markup into a page they do not own.
/// </summary>
public sealed class GemtextBuilder
{
    private readonly StringBuilder _text = new();

    public GemtextBuilder Heading(string text, int level = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 3);
        return Line(new string('#', level) + " " + OneLine(text));
    }

    public GemtextBuilder Text(string text)
    {
        foreach (var line in SplitLines(text))
        {
            Line(NeutralizeText(line));
        }

        return this;
    }

    public GemtextBuilder Blank() => Line(string.Empty);

    public GemtextBuilder Link(string url, string? label = null)
    {
        var target = LinkTarget(url);
        return Line(string.IsNullOrWhiteSpace(label) ? $"=> {target}" : $"=> {target} {OneLine(label)}");
    }

    public GemtextBuilder ListItem(string text) => Line("* " + OneLine(text));

    public GemtextBuilder Quote(string text)
    {
        foreach (var line in SplitLines(text))
        {
            Line("> " + line);
        }

        return this;
    }

    /// <summary>A preformatted block; lines that would close the block early are indented by one space.</summary>
    public GemtextBuilder Preformatted(string text, string? altText = null)
    {
        Line("```" + (altText is null ? string.Empty : OneLine(altText)));
        foreach (var line in SplitLines(text))
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

    public override string ToString() => _text.ToString();

    /// <summary>Gemtext uses one line ending throughout: CRLF and bare CR become LF.</summary>
    public static string NormalizeLineEndings(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private GemtextBuilder Line(string line)
    {
        _text.Append(line).Append('\n');
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

    private static string OneLine(string text) =>
        NormalizeLineEndings(text).Replace('\n', ' ').Trim();

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
