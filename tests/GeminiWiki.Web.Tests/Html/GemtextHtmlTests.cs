using GeminiWiki.Web.Hosting;
using GeminiWiki.Web.Html;

namespace GeminiWiki.Web.Tests.Html;

public sealed class GemtextHtmlTests
{
    private static readonly GemtextHtml Renderer = new(new WebLinks(new GeminiSide(["wiki.example"], 1965)));

    private static string Render(string gemtext) => Renderer.Render(gemtext).Body;

    [Theory]
    [InlineData("# One", "<h1>One</h1>\n")]
    [InlineData("## Two", "<h2>Two</h2>\n")]
    [InlineData("###Three", "<h3>Three</h3>\n")]
    [InlineData("#### Four is a third level", "<h3>Four is a third level</h3>\n")]
    [InlineData("plain text", "<p>plain text</p>\n")]
    [InlineData("", "")]
    [InlineData("* a\n* b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")]
    [InlineData("> said\n>again", "<blockquote>\n<p>said</p>\n<p>again</p>\n</blockquote>\n")]
    [InlineData("=> /page/Help Help", "<ul class=\"links\">\n<li><a href=\"/page/Help\">Help</a></li>\n</ul>\n")]
    [InlineData("=> /do/index", "<ul class=\"links\">\n<li><a href=\"/do/index\">/do/index</a></li>\n</ul>\n")]
    [InlineData("```\n# not a heading\n=> /x not a link\n```", "<pre># not a heading\n=&gt; /x not a link</pre>\n")]
    [InlineData("```ascii cat\n /\\_/\\\n```", "<pre aria-label=\"ascii cat\"> /\\_/\\</pre>\n")]
    [InlineData("```\nunclosed", "<pre>unclosed</pre>\n")]
    public void Renders_each_line_type_as_semantic_html(string gemtext, string html) =>
        Assert.Equal(html, Render(gemtext));

    [Fact]
    public void Consecutive_blocks_close_before_the_next_kind_starts()
    {
        Assert.Equal(
            "<ul>\n<li>a</li>\n</ul>\n<ul class=\"links\">\n<li><a href=\"/b\">b</a></li>\n</ul>\n<p>c</p>\n",
            Render("* a\n=> /b b\nc"));
    }

    [Fact]
    public void Page_text_is_escaped_everywhere_it_appears()
    {
        var html = Render("# <b>x</b>\n<script>alert(1)</script>\n* <i>\n> \"q\" & 'a'\n```<img src=x onerror=alert(1)>\n<script>\n```\n=> /a\" onclick=\"x <em>label</em>");

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<i>", html);
        Assert.DoesNotContain("<em>", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("\" onclick", html);
        Assert.Contains("<h1>&lt;b&gt;x&lt;/b&gt;</h1>", html);
        Assert.Contains("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", html);
        Assert.Contains("<p>&quot;q&quot; &amp; &#x27;a&#x27;</p>", html);
        Assert.Contains("<pre aria-label=\"&lt;img src=x onerror=alert(1)&gt;\">&lt;script&gt;</pre>", html);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox")]
    public void Links_that_could_run_code_are_shown_but_not_linked(string target)
    {
        var html = Render($"=> {target} click me");

        Assert.DoesNotContain("href", html);
        Assert.Contains("click me <code>", html);
    }

    [Fact]
    public void Non_ascii_text_stays_readable()
    {
        // Characters outside the Basic Multilingual Plane arrive as character references, shown the same.
        Assert.Equal("<p>Grüße, 日本語 &#x1F642;</p>\n", Render("Grüße, 日本語 🙂"));
    }

    [Fact]
    public void The_first_heading_is_the_title()
    {
        Assert.Equal("First", Renderer.Render("text\n## First\n# Second").Title);
        Assert.Null(Renderer.Render("no heading").Title);
    }
}
