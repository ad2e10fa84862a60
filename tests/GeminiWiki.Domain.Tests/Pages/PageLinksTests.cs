using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Rendering;

namespace GeminiWiki.Domain.Tests.Pages;

public sealed class PageLinksTests
{
    [Fact]
    public void Gemtext_links_to_pages_are_found_with_their_names_decoded()
    {
        var text = "# Title\n=> /page/Other Other page\n=>/page/%C3%9Cber%20uns\n=> gemini://example.org/page/Far/3 far\n=> /raw/NotALink\n=> https://example.com/page/Web\n";
        var keys = RenderedPage.Render(text, PageFormat.Gemtext).LinkKeys;
        Assert.Equal(["far", "other", "über uns"], keys);
    }

    [Fact]
    public void Links_inside_preformatted_blocks_are_not_links()
    {
        var text = "```\n=> /page/Quoted\n```\n=> /page/Real\n";
        Assert.Equal(["real"], RenderedPage.Render(text, PageFormat.Gemtext).LinkKeys);
    }

    [Fact]
    public void Markdown_links_to_pages_are_found()
    {
        var text = "See [the other page](/page/Other) and [this](</page/Two%20Words>) and [web](https://x.org).";
        Assert.Equal(["other", "two words"], RenderedPage.Render(text, PageFormat.Markdown).LinkKeys);
    }

    [Theory]
    [InlineData("=> /page/Home\n=> /page/home again\n=> gemini://h/page/HOME#top\n", new[] { "home" })]
    [InlineData("=> /page/A?x=1\n=> /page/B/2\n=> gemini://h\n=> gemini://h/pages/C\n", new[] { "a", "b" })]
    [InlineData("=> /page/%ZZ\n=> /page/\n=>\n", new string[0])]
    public void Targets_are_page_paths_or_gemini_URLs_with_one(string gemtext, string[] keys)
    {
        Assert.Equal(keys, PageLinks.KeysIn(gemtext));
    }
}
