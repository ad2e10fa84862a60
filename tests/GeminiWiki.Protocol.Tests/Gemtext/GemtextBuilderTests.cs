using GeminiWiki.Protocol.Gemtext;

namespace GeminiWiki.Protocol.Tests.Gemtext;

public sealed class GemtextBuilderTests
{
    [Theory]
    // Text that a client would read as markup gets a leading space.
    [InlineData("=> gemini://evil/ Click", " => gemini://evil/ Click\n")]
    [InlineData("=>x", " =>x\n")]
    [InlineData("# Fake heading", " # Fake heading\n")]
    [InlineData("#tag", " #tag\n")]
    [InlineData("```", " ```\n")]
    [InlineData("```alt", " ```alt\n")]
    [InlineData("* item", " * item\n")]
    [InlineData("> quote", " > quote\n")]
    [InlineData(">", " >\n")]
    // Ordinary text is left alone.
    [InlineData("plain", "plain\n")]
    [InlineData("*bold*", "*bold*\n")]
    [InlineData(" => already indented", " => already indented\n")]
    [InlineData("a => b", "a => b\n")]
    [InlineData("", "\n")]
    // Every line is checked, whatever the line ending.
    [InlineData("ok\n=> x\r\n# y\rz", "ok\n => x\n # y\nz\n")]
    [InlineData("trailing newline\n", "trailing newline\n")]
    public void Text_is_neutralised_line_by_line(string text, string gemtext)
    {
        Assert.Equal(gemtext, new GemtextBuilder().Text(text).ToString());
    }

    [Fact]
    public void Headings_list_items_and_labels_stay_on_one_line()
    {
        var gemtext = new GemtextBuilder()
            .Heading("Title\n=> gemini://evil/", 1)
            .Heading("Sub", 2)
            .Heading("Third", 3)
            .ListItem("item\r\n# not a heading")
            .Link("/page", "label\n=> gemini://evil/")
            .ToString();

        Assert.Equal(
            "# Title => gemini://evil/\n## Sub\n### Third\n* item # not a heading\n=> /page label => gemini://evil/\n",
            gemtext);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Heading_levels_are_one_to_three(int level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GemtextBuilder().Heading("x", level));
    }

    [Theory]
    [InlineData("/page", null, "=> /page\n")]
    [InlineData("/page", " ", "=> /page\n")]
    [InlineData("gemini://host/a", "A page", "=> gemini://host/a A page\n")]
    // Whitespace inside a URL would end it and begin the label; a line break would begin a new line.
    [InlineData("/a page", "label", "=> /a%20page label\n")]
    [InlineData("/a\n=> gemini://evil/", null, "=> /a%0A=>%20gemini://evil/\n")]
    [InlineData("  /trimmed  ", null, "=> /trimmed\n")]
    public void Links(string url, string? label, string gemtext)
    {
        Assert.Equal(gemtext, new GemtextBuilder().Link(url, label).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_link_needs_a_URL(string url)
    {
        Assert.ThrowsAny<ArgumentException>(() => new GemtextBuilder().Link(url));
    }

    [Fact]
    public void Quotes_prefix_every_line()
    {
        Assert.Equal("> one\n> => two\n", new GemtextBuilder().Quote("one\r\n=> two").ToString());
    }

    [Fact]
    public void Preformatted_lines_cannot_close_the_block_early()
    {
        var gemtext = new GemtextBuilder().Preformatted("code\n```\n=> x\n", "alt\ntext").ToString();

        Assert.Equal("```alt text\ncode\n ```\n=> x\n```\n", gemtext);
    }

    [Fact]
    public void Raw_gemtext_is_kept_with_LF_endings()
    {
        Assert.Equal("# A\n=> b\n", new GemtextBuilder().Raw("# A\r\n=> b\r\n").ToString());
    }

    [Fact]
    public void Blank_lines_and_line_endings_are_LF()
    {
        var gemtext = new GemtextBuilder().Text("a").Blank().Text("b").ToString();

        Assert.Equal("a\n\nb\n", gemtext);
        Assert.DoesNotContain('\r', gemtext);
    }

    [Theory]
    [InlineData("a\r\nb\rc\nd", "a\nb\nc\nd")]
    [InlineData("\r\r\n", "\n\n")]
    public void Line_endings_are_normalised_to_LF(string text, string normalised)
    {
        Assert.Equal(normalised, GemtextBuilder.NormalizeLineEndings(text));
    }

    [Fact]
    public void Control_characters_become_spaces_outside_preformatted_blocks()
    {
        var gemtext = new GemtextBuilder()
            .Text("a\u001b[31mred\tb")
            .Text("\u0000=> x")
            .Quote("q\u001bq")
            .Heading("h\u0007i")
            .ListItem("i\u0085j")
            .Link("/p", "l\u0001m")
            .Link("/q", "\u0002")
            .Preformatted("keep\u001b", "alt\u0003")
            .ToString();

        Assert.Equal("a [31mred\tb\n => x\n> q q\n# h i\n* i j\n=> /p l m\n=> /q\n```alt\nkeep\u001b\n```\n", gemtext);
    }

    [Fact]
    public void Empty_headings_and_items_keep_no_trailing_space()
    {
        Assert.Equal("#\n*\n", new GemtextBuilder().Heading(" ").ListItem("").ToString());
    }

    [Fact]
    public void Preformatted_lines_are_each_checked_and_none_makes_an_empty_block()
    {
        Assert.Equal("```\n```\n", new GemtextBuilder().Preformatted([]).ToString());
        Assert.Equal(
            "```table\na\n ```\n\nb\n ```x\n```\n",
            new GemtextBuilder().Preformatted(["a", "```", "", "b\r\n```x"], "table").ToString());
    }

    [Fact]
    public void A_quoted_document_keeps_its_links_and_drops_its_toggles()
    {
        const string document = "\npara\n\n=> /link label\n```\n=> not a link\n\n```\n> inner\n\n";

        var gemtext = new GemtextBuilder().QuoteDocument(document).ToString();

        Assert.Equal("> para\n>\n=> /link label\n> => not a link\n>\n> > inner\n", gemtext);
        Assert.Equal(string.Empty, new GemtextBuilder().QuoteDocument("\n```\n```\n").ToString());
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("a", "a\n")]
    [InlineData("a\r\n\r\n", "a\n\n")]
    [InlineData("```\ncode", "```\ncode\n```\n")]
    [InlineData("```\ncode\n```\n```alt\n", "```\ncode\n```\n```alt\n```\n")]
    public void A_document_is_kept_as_written_with_an_open_block_closed(string document, string gemtext)
    {
        Assert.Equal(gemtext, new GemtextBuilder().Document(document).ToString());
    }

    [Fact]
    public void Line_count_follows_every_line()
    {
        var builder = new GemtextBuilder().Heading("a").Blank().Text("b\nc");

        Assert.Equal(4, builder.LineCount);
    }
}
