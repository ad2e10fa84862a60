using GeminiWiki.Web.Hosting;
using GeminiWiki.Web.Html;

namespace GeminiWiki.Web.Tests.Html;

public sealed class WebLinksTests
{
    private static readonly WebLinks OnDefaultPort = new(new GeminiSide(["wiki.example", "alias.example"], 1965));
    private static readonly WebLinks OnOtherPort = new(new GeminiSide(["wiki.example"], 1966));

    [Theory]
    [InlineData("gemini://wiki.example/page/Home", "/page/Home")]
    [InlineData("gemini://WIKI.example./page/Home", "/page/Home")]
    [InlineData("gemini://wiki.example:1965/do/search?x%20y", "/do/search?x%20y")]
    [InlineData("gemini://alias.example", "/")]
    [InlineData("gemini://wiki.example?q", "/?q")]
    [InlineData("gemini://wiki.example:1966/page/Home", "gemini://wiki.example:1966/page/Home")]
    [InlineData("gemini://other.example/page/Home", "gemini://other.example/page/Home")]
    [InlineData("gemini://user@wiki.example/", "gemini://user@wiki.example/")]
    [InlineData("/page/Home", "/page/Home")]
    [InlineData("page/Home", "page/Home")]
    [InlineData("https://example.org/", "https://example.org/")]
    [InlineData("titan://wiki.example/raw/Home", "titan://wiki.example/raw/Home")]
    [InlineData("mailto:alice@example.org", "mailto:alice@example.org")]
    public void Links_to_this_wiki_become_web_paths_and_others_stay(string target, string href) =>
        Assert.Equal(href, OnDefaultPort.Href(target));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("")]
    public void Unsafe_targets_get_no_link(string target) => Assert.Null(OnDefaultPort.Href(target));

    [Fact]
    public void The_port_must_match_the_gemini_listener()
    {
        Assert.Equal("/page/A", OnOtherPort.Href("gemini://wiki.example:1966/page/A"));
        Assert.Equal("gemini://wiki.example/page/A", OnOtherPort.Href("gemini://wiki.example/page/A"));
        Assert.Equal("gemini://wiki.example:1966/page/A", OnOtherPort.GeminiUrl("/page/A"));
    }
}
