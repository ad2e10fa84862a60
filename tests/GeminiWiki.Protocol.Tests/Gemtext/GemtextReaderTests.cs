using GeminiWiki.Protocol.Gemtext;

namespace GeminiWiki.Protocol.Tests.Gemtext;

public sealed class GemtextReaderTests
{
    [Fact]
    public void Lines_are_read_as_a_client_reads_them()
    {
        const string gemtext = "# h\r\n=> /a A\r\n* i\n> q\ntext\n```alt\n=> /b\n# not\n```\n";

        var lines = GemtextReader.Lines(gemtext).ToArray();

        Assert.Equal(
            [
                GemtextLineKind.Heading, GemtextLineKind.Link, GemtextLineKind.ListItem, GemtextLineKind.Quote, GemtextLineKind.Text,
                GemtextLineKind.Toggle, GemtextLineKind.Preformatted, GemtextLineKind.Preformatted, GemtextLineKind.Toggle,
            ],
            lines.Select(line => line.Kind));
        Assert.Equal("=> /a A", lines[1].Text);
    }

    [Theory]
    [InlineData("=> /a label\n", new[] { "/a" })]
    [InlineData("=>/a\n=>\t/b\tlabel\n=>   \n", new[] { "/a", "/b" })]
    [InlineData("```\n=> /in\n```\n=> /out", new[] { "/out" })]
    [InlineData(" => /indented\n*=> /x\n", new string[0])]
    [InlineData("", new string[0])]
    public void Link_URLs_come_from_link_lines_outside_preformatted_blocks(string gemtext, string[] urls)
    {
        Assert.Equal(urls, GemtextReader.LinkUrls(gemtext));
    }
}
