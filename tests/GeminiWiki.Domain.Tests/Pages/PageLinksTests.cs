using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Tests.Pages;

public sealed class PageLinksTests
{
    [Fact]
    public void Gemtext_links_to_pages_are_found_with_their_names_decoded()
    {
        var text = "# Title\n=> /page/Other Other page\n=>/page/%C3%9Cber%20uns\n=> gemini://example.org/page/Far/3 far\n=> /raw/NotALink\n=> https://example.com/page/Web\n";
        var keys = PageLinks.ExtractKeys(text, PageFormat.Gemtext);
        Assert.Equal(["far", "other", "über uns"], keys);
    }

    [Fact]
    public void Links_inside_preformatted_blocks_are_not_links()
    {
        var text = "```\n=> /page/Quoted\n```\n=> /page/Real\n";
        Assert.Equal(["real"], PageLinks.ExtractKeys(text, PageFormat.Gemtext));
    }

    [Fact]
    public void Markdown_links_to_pages_are_found()
    {
        var text = "See [the other page](/page/Other) and [this](</page/Two%20Words>) and [web](https://x.org).";
        Assert.Equal(["other", "two words"], PageLinks.ExtractKeys(text, PageFormat.Markdown));
    }
}
