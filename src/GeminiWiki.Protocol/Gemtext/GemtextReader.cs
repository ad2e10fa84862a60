namespace GeminiWiki.Protocol.Gemtext;

public enum GemtextLineKind
{
    Text,
    Link,
    Heading,
    ListItem,
    Quote,
    Toggle,
    Preformatted,
}

/// <summary>One line of a gemtext document, as a client reads it.</summary>
public readonly record struct GemtextLine(GemtextLineKind Kind, string Text)
{
    /// <summary>The URL of a link line: the first word after <c>=&gt;</c>. Null for other lines or a link line without one.</summary>
    public string? LinkUrl
    {
        get
        {
            if (Kind != GemtextLineKind.Link)
            {
                return null;
            }

            var rest = Text.AsSpan(2).TrimStart(Whitespace);
            var end = rest.IndexOfAny(Whitespace);
            var url = end < 0 ? rest : rest[..end];
            return url.IsEmpty ? null : url.ToString();
        }
    }

    private static ReadOnlySpan<char> Whitespace => " \t";
}

/// <summary>
/// Reads gemtext line by line the way a client does, so that anything derived from a document
/// (its links, a quotation of it) agrees with what a reader sees: inside a preformatted block
/// nothing is a link, heading or quote.
/// </summary>
public static class GemtextReader
{
    public static IEnumerable<GemtextLine> Lines(string gemtext)
    {
        ArgumentNullException.ThrowIfNull(gemtext);
        if (gemtext.Length == 0)
        {
            yield break;
        }

        var normalized = GemtextBuilder.NormalizeLineEndings(gemtext);
        if (normalized.EndsWith('\n'))
        {
            normalized = normalized[..^1];
        }

        var preformatted = false;
        foreach (var line in normalized.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                preformatted = !preformatted;
                yield return new GemtextLine(GemtextLineKind.Toggle, line);
            }
            else if (preformatted)
            {
                yield return new GemtextLine(GemtextLineKind.Preformatted, line);
            }
            else
            {
                yield return new GemtextLine(KindOf(line), line);
            }
        }
    }

    /// <summary>The URLs of a document's link lines, in order; link lines shown inside preformatted blocks are not links.</summary>
    public static IEnumerable<string> LinkUrls(string gemtext) =>
        Lines(gemtext).Select(line => line.LinkUrl).OfType<string>();

    private static GemtextLineKind KindOf(string line) =>
        line.StartsWith("=>", StringComparison.Ordinal) ? GemtextLineKind.Link
        : line.StartsWith('#') ? GemtextLineKind.Heading
        : line.StartsWith("* ", StringComparison.Ordinal) ? GemtextLineKind.ListItem
        : line.StartsWith('>') ? GemtextLineKind.Quote
        : GemtextLineKind.Text;
}
