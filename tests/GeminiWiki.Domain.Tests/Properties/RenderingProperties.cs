using CsCheck;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Rendering;
using GeminiWiki.Domain.Wiki;

namespace GeminiWiki.Domain.Tests.Properties;

/// <summary>
/// The Markdown renderer through its public entry points only (it is being rewritten): whatever the
/// page text, the gemtext that comes out is well formed, and plain text stays plain text.
/// </summary>
[Trait("Category", "Property")]
public sealed class RenderingProperties
{
    /// <summary>Markdown-ish lines: block markers, inline markup, entities, escapes and plain words.</summary>
    private static readonly Gen<string> MarkdownLine = Gen.Frequency(
        (4, Gen.OneOf("", "text", "two words", "=> not a link", "# heading", "## h2", "#### deep", "* item", "- item", "+ item", "1. one", "1) one", "> quote", ">> nested")),
        (3, Gen.OneOf("```", "```go", "~~~", "    indented code", "\tcode", "---", "***", "===", "| a | b |", "|---|---|", "<div>", "</div>", "<!-- c -->", "[x]: /url")),
        (3, Gen.OneOf("[a](b)", "![i](p.png)", "<http://x>", "www.example.org", "`code`", "``` inline ```", "*em*", "**strong**", "~~del~~", "a  ", "a\\", "&#10;", "&#35; x", "&gt;", "\\# x", "\\=> x", "\\* x", "\\> x", "\\`\\`\\` x")),
        (2, Gen.Char["abc =>#*`~-_>[]()!<&;\\|:.0123456789\t\r"].Array[0, 30].Select(c => new string(c))),
        (1, Gen.Char.Array[0, 20].Select(c => new string(c))));

    private static readonly Gen<string> Markdown = MarkdownLine.Array[0, 30].Select(lines => string.Join('\n', lines));

    /// <summary>
    /// Text that Markdown reads as paragraphs only: every line starts with a letter or a backslash
    /// escape, so no block construct can start, and there are no links ('[', '&lt;', ':' and '.' are
    /// left out, which also rules out autolinks). Gemtext markers still appear inside lines, after
    /// hard breaks and through escapes and entities.
    /// </summary>
    private static readonly Gen<string> PlainText = Gen.Select(
            Gen.Frequency((4, Gen.Char["abcdefghijklmnopqrstuvwxyzABC"].Select(c => c.ToString())), (1, Gen.OneOf("\\#", "\\=", "\\>", "\\*", "\\`", "\\\\"))),
            Gen.Char["abc xyz=>#*`~_-\\&;0123456789"].Array[0, 30].Select(c => new string(c)),
            Gen.OneOf("", "  ", "\\"))
        .Select((start, rest, hardBreak) => start + rest + hardBreak)
        .Array[1, 12]
        .Select(lines => string.Join('\n', lines));

    private static readonly string[] GemtextPrefixes = ["=>", "#", "* ", ">", "```"];

    [Fact]
    public void Any_text_renders_without_an_exception_to_well_formed_gemtext() =>
        PropertyRun.Check(Gen.Frequency((3, Markdown), (1, Gen.Char.Array[0, 400].Select(c => new string(c)))), markdown =>
        {
            var gemtext = MarkdownGemtext.Convert(markdown);

            AssertWellFormed(gemtext);
        }, iterations: 10_000);

    [Fact]
    public void Plain_text_never_becomes_a_gemtext_construct() =>
        PropertyRun.Check(PlainText, markdown =>
        {
            var gemtext = MarkdownGemtext.Convert(markdown);

            foreach (var line in gemtext.Split('\n'))
            {
                Assert.False(GemtextPrefixes.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal)), $"line \"{line}\" in:\n{gemtext}");
            }
        }, iterations: 10_000);

    [Fact]
    public void A_page_renders_to_closed_newline_terminated_gemtext_in_either_format() =>
        PropertyRun.Check(Gen.Select(Gen.Frequency((3, Markdown), (1, Gen.Char.Array[0, 400].Select(c => new string(c)))), Gen.Enum<PageFormat>()), (text, format) =>
        {
            var gemtext = PageRenderCache.Render(text, format);

            AssertWellFormed(gemtext);
            Assert.DoesNotContain('\r', gemtext);
        }, iterations: 10_000);

    /// <summary>Every preformatted block is closed, and a non-empty document ends with a newline.</summary>
    private static void AssertWellFormed(string gemtext)
    {
        if (gemtext.Length == 0)
        {
            return;
        }

        Assert.EndsWith("\n", gemtext, StringComparison.Ordinal);
        var toggles = gemtext.Split('\n').Count(line => line.StartsWith("```", StringComparison.Ordinal));
        Assert.True(toggles % 2 == 0, $"{toggles} toggles leave a preformatted block open:\n{gemtext}");
    }
}
