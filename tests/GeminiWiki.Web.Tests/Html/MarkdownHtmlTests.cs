using GeminiWiki.Web.Hosting;
using GeminiWiki.Web.Html;

namespace GeminiWiki.Web.Tests.Html;

public sealed class MarkdownHtmlTests
{
    private static readonly WebLinks Links = new(new GeminiSide(["wiki.example"], 1965));

    [Fact]
    public void Markdown_becomes_html_through_markdig()
    {
        Assert.Equal("<h1>Title</h1>\n<p>Some <strong>bold</strong> text.</p>\n<ul>\n<li>item</li>\n</ul>\n",
            MarkdownHtml.Render("# Title\n\nSome **bold** text.\n\n* item\n", Links));
    }

    [Fact]
    public void Raw_html_in_markdown_is_shown_as_text()
    {
        var html = MarkdownHtml.Render("<script>alert(1)</script>\n\ninline <b>bold</b> <img src=x onerror=alert(1)>\n", Links);

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Theory]
    [InlineData("[x](gemini://wiki.example/page/Home)", "<a href=\"/page/Home\">x</a>")]
    [InlineData("[x](/page/Help)", "<a href=\"/page/Help\">x</a>")]
    [InlineData("[x](https://example.org/)", "<a href=\"https://example.org/\">x</a>")]
    [InlineData("[*x*](javascript:alert(1)) y", "<p><em>x</em> y</p>")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    public void Link_targets_follow_the_web_link_rules(string markdown, string expected) =>
        Assert.Contains(expected, MarkdownHtml.Render(markdown, Links));
}
