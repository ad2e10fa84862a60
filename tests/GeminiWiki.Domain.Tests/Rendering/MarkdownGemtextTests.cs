using GeminiWiki.Domain.Rendering;

namespace GeminiWiki.Domain.Tests.Rendering;

public sealed class MarkdownGemtextTests
{
    [Theory]
    // Headings: three gemtext levels, deeper ones fold into the third.
    [InlineData("# Title", "# Title\n")]
    [InlineData("## Section", "## Section\n")]
    [InlineData("### Sub", "### Sub\n")]
    [InlineData("#### Deep\n\n###### Deeper", "### Deep\n\n### Deeper\n")]
    [InlineData("Setext\n======", "# Setext\n")]
    [InlineData("# Title with *emphasis*", "# Title with emphasis\n")]
    // Paragraphs: one text line; soft breaks are spaces, hard breaks new lines.
    [InlineData("one\ntwo\nthree", "one two three\n")]
    [InlineData("one  \ntwo\\\nthree", "one\ntwo\nthree\n")]
    [InlineData("first\n\nsecond", "first\n\nsecond\n")]
    [InlineData("one<br>two", "one\ntwo\n")]
    // Emphasis, strong, strikethrough are stripped to their text; inline code keeps backticks.
    [InlineData("*a* _b_ **c** __d__ ~~e~~ ***f***", "a b c d e f\n")]
    [InlineData("use `git log` here", "use `git log` here\n")]
    [InlineData("AT&amp;T &copy;", "AT&T ©\n")]
    [InlineData("a <span>b</span> c", "a b c\n")]
    // Links and images: the text keeps the words, a link line follows the paragraph.
    [InlineData("See [the page](page.gmi) now.", "See the page now.\n=> page.gmi the page\n")]
    [InlineData("[a](x.gmi) and [b](gemini://h/y \"T\")", "a and b\n=> x.gmi a\n=> gemini://h/y b\n")]
    [InlineData("Twice [a](x) [a](x)", "Twice a a\n=> x a\n")]
    [InlineData("[](x.gmi \"Title\")", "=> x.gmi Title\n")]
    [InlineData("![A cat](cat.png)", "=> cat.png A cat\n")]
    [InlineData("Look: ![A cat](cat.png)", "Look: A cat\n=> cat.png A cat\n")]
    [InlineData("[![badge](b.svg)](https://ci)", "=> https://ci badge\n=> b.svg badge\n")]
    [InlineData("A [ref][1].\n\n[1]: https://example.org/", "A ref.\n=> https://example.org/ ref\n")]
    [InlineData("[sp](<a b.gmi>)", "=> a%20b.gmi sp\n")]
    [InlineData("# [Home](/) page", "# Home page\n=> / Home\n")]
    [InlineData("[nowhere]() text", "nowhere text\n")]
    // Autolinks, both <...> and bare ones.
    [InlineData("<https://example.org/x>", "=> https://example.org/x\n")]
    [InlineData("Mail <me@example.org>", "Mail me@example.org\n=> mailto:me@example.org me@example.org\n")]
    [InlineData("Go to https://example.org/ now", "Go to https://example.org/ now\n=> https://example.org/\n")]
    // Lists: flattened "* " items; ordered ones keep their number.
    [InlineData("- a\n- b\n* c", "* a\n* b\n\n* c\n")]
    [InlineData("1. one\n2. two", "* 1. one\n* 2. two\n")]
    [InlineData("3) three\n4) four", "* 3. three\n* 4. four\n")]
    [InlineData("- a\n  - nested\n    1. deep\n- b", "* a\n* nested\n* 1. deep\n* b\n")]
    [InlineData("- [link](x.gmi) item\n- two", "* link item\n=> x.gmi link\n* two\n")]
    [InlineData("- [x] done\n- [ ] todo", "* [x] done\n* [ ] todo\n")]
    [InlineData("- a\n\n  more\n- b", "* a\nmore\n* b\n")]
    // Code: fenced and indented code become preformatted blocks; the info string is the alt text.
    [InlineData("```csharp\nvar x = 1;\n```", "```csharp\nvar x = 1;\n```\n")]
    [InlineData("~~~\nplain\n\n  indented\n~~~", "```\nplain\n\n  indented\n```\n")]
    [InlineData("    indented code\n    # not a heading", "```\nindented code\n# not a heading\n```\n")]
    [InlineData("````\n```\ninner\n```\n````", "```\n ```\ninner\n ```\n```\n")]
    [InlineData("```\n```", "```\n```\n")]
    // Block quotes.
    [InlineData("> quoted\n> text", "> quoted text\n")]
    [InlineData("> one\n>\n> two", "> one\n>\n> two\n")]
    [InlineData("> outer\n>\n> > inner", "> outer\n>\n> > inner\n")]
    [InlineData("> see [x](x.gmi)", "> see x\n=> x.gmi x\n")]
    [InlineData("> - item", "> * item\n")]
    [InlineData("a\n\n> ```\n> ```\n\nb", "a\n\nb\n")]
    [InlineData("> ```\n> => code\n> ```\n>\n> after", "> => code\n>\n> after\n")]
    // Thematic breaks.
    [InlineData("a\n\n---\n\nb", "a\n\n───\n\nb\n")]
    [InlineData("***", "───\n")]
    // HTML blocks are dropped.
    [InlineData("<div>\nhidden\n</div>\n\nshown", "shown\n")]
    [InlineData("<!-- comment -->\n\ntext", "text\n")]
    // Front matter is metadata, not content.
    [InlineData("---\ntitle: x\n---\n\nBody", "Body\n")]
    // Text that would read as a gemtext construct gets a leading space.
    [InlineData("=> not a link", " => not a link\n")]
    [InlineData("\\# not a heading", " # not a heading\n")]
    [InlineData("#hashtag", " #hashtag\n")]
    [InlineData("\\> not a quote", " > not a quote\n")]
    [InlineData("\\* not an item", " * not an item\n")]
    [InlineData("\\`\\`\\` not a toggle", " ``` not a toggle\n")]
    [InlineData("line  \n=> second", "line\n => second\n")]
    [InlineData("&#10;=> entity", " => entity\n")]
    // Control characters (an escape sequence would act on a terminal) become spaces.
    [InlineData("a&#27;[2Jb [l&#7;](x.gmi)", "a [2Jb l \n=> x.gmi l\n")]
    // Line endings: CRLF in, LF out; nothing in, nothing out.
    [InlineData("# T\r\n\r\ntext\r\nmore\r\n", "# T\n\ntext more\n")]
    [InlineData("", "")]
    [InlineData("   \n\n", "")]
    public void Converts_each_construct(string markdown, string gemtext)
    {
        Assert.Equal(gemtext, MarkdownGemtext.Convert(markdown));
    }

    [Fact]
    public void Table_becomes_a_preformatted_block_with_aligned_columns()
    {
        const string markdown = """
            | Name | Qty | Note |
            |:-----|----:|:----:|
            | apple | 3 | [ok](ok.gmi) |
            | kiwi | 12 | x |
            """;

        const string expected =
            "```table\n" +
            "Name  | Qty | Note\n" +
            "------+-----+-----\n" +
            "apple |   3 |  ok\n" +
            "kiwi  |  12 |  x\n" +
            "```\n" +
            "=> ok.gmi ok\n";

        Assert.Equal(expected, MarkdownGemtext.Convert(markdown));
    }

    [Fact]
    public void Table_with_missing_cells_pads_the_row()
    {
        const string markdown = """
            a | b | c
            --|---|--
            1 |
            """;

        Assert.Equal("```table\na | b | c\n--+---+--\n1\n```\n", MarkdownGemtext.Convert(markdown));
    }

    [Fact]
    public void Full_document()
    {
        const string markdown = """
            ---
            layout: page
            ---
            # GeminiWiki

            A *small* wiki for the **Gemini** protocol.
            Read the [spec](gemini://geminiprotocol.net/docs/) first,
            then see ![the logo](logo.png).

            ## Install

            1. Clone it
            2. Run `dotnet run`
               - or use the *release* build

            ```sh
            dotnet run --project src/GeminiWiki.Server
            ```

            > Note: everything is **free**.
            > Ask at <https://example.org/forum>.

            | Key | Value |
            |-----|-------|
            | port | 1965 |

            ---

            #### Footer
            => this is not a link
            """;

        const string expected =
            "# GeminiWiki\n" +
            "\n" +
            "A small wiki for the Gemini protocol. Read the spec first, then see the logo.\n" +
            "=> gemini://geminiprotocol.net/docs/ spec\n" +
            "=> logo.png the logo\n" +
            "\n" +
            "## Install\n" +
            "\n" +
            "* 1. Clone it\n" +
            "* 2. Run `dotnet run`\n" +
            "* or use the release build\n" +
            "\n" +
            "```sh\n" +
            "dotnet run --project src/GeminiWiki.Server\n" +
            "```\n" +
            "\n" +
            "> Note: everything is free. Ask at https://example.org/forum.\n" +
            "=> https://example.org/forum\n" +
            "\n" +
            "```table\n" +
            "Key  | Value\n" +
            "-----+------\n" +
            "port | 1965\n" +
            "```\n" +
            "\n" +
            "───\n" +
            "\n" +
            "### Footer\n" +
            "\n" +
            " => this is not a link\n";

        Assert.Equal(expected, MarkdownGemtext.Convert(markdown));
    }

    [Theory]
    [InlineData("*", 100_000)]
    [InlineData("_", 100_000)]
    [InlineData("~~", 50_000)]
    public void Deeply_nested_emphasis_does_not_overflow_the_stack(string delimiter, int depth)
    {
        var run = string.Concat(Enumerable.Repeat(delimiter, depth));

        Assert.Equal("a x\n", MarkdownGemtext.Convert("a " + run + "x" + run));
    }

    [Fact]
    public void Links_inside_deeply_nested_emphasis_are_kept()
    {
        var run = string.Concat(Enumerable.Repeat("*", 100_000));

        Assert.Equal("a x\n=> x.gmi x\n", MarkdownGemtext.Convert("a " + run + "[x](x.gmi)" + run));
    }

    [Theory]
    [InlineData(">", 10_000)]
    [InlineData("- ", 1_000)]
    [InlineData("[", 100_000)]
    public void Nesting_beyond_the_parser_limit_is_shown_as_preformatted_source(string unit, int depth)
    {
        var markdown = string.Concat(Enumerable.Repeat(unit, depth)) + "x";

        var gemtext = MarkdownGemtext.Convert(markdown);

        Assert.Equal("```markdown\n" + markdown + "\n```\n", gemtext);
    }

    [Fact]
    public void Nested_images_inside_links_keep_document_order_and_labels()
    {
        Assert.Equal(
            "=> https://outer outer inner\n=> inner.png inner\n",
            MarkdownGemtext.Convert("[outer ![inner](inner.png)](https://outer)"));
    }

    [Fact]
    public void Output_uses_LF_only_and_no_line_opens_an_unintended_construct()
    {
        var gemtext = MarkdownGemtext.Convert("# A\r\n\r\n=> x\r\n\r\n> q\r\n\r\n```\r\ncode\r\n```\r\n");

        Assert.DoesNotContain('\r', gemtext);
        Assert.Equal(["# A", "", " => x", "", "> q", "", "```", "code", "```", ""], gemtext.Split('\n'));
    }
}
