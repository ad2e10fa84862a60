using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Rendering;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Domain.Tests.Rendering;

/// <summary>A page links to exactly what its rendered gemtext links to.</summary>
public sealed class RenderedPageTests
{
    [Theory]
    // Code shows a link's source as text, so it links nowhere.
    [InlineData("Write `[a](/page/Code)` to link; [b](/page/Real) is one.", new[] { "real" })]
    [InlineData("```\n[a](/page/Fenced)\n```\n\n[b](/page/Real)", new[] { "real" })]
    [InlineData("~~~md\n[a](/page/Fenced)\n~~~", new string[0])]
    [InlineData("    [a](/page/Indented)\n\n[b](/page/Real)", new[] { "real" })]
    [InlineData("| a |\n|---|\n| `[x](/page/InTableCode)` |", new string[0])]
    // Reference links resolve to their definition.
    [InlineData("See [home][h].\n\n[h]: /page/Home", new[] { "home" })]
    [InlineData("See [Home][].\n\n[home]: gemini://example.org/page/Home \"Start\"", new[] { "home" })]
    [InlineData("See [Home].\n\n[Home]: </page/Two Words>", new[] { "two words" })]
    [InlineData("[unused]: /page/Unused\n\nNo link here.", new string[0])]
    // Autolinks are links.
    [InlineData("<gemini://example.org/page/Auto>", new[] { "auto" })]
    [InlineData("Go <gemini://example.org/page/Auto> now", new[] { "auto" })]
    // Links anywhere a reader can follow them: headings, items, quotes, tables, images.
    [InlineData("# [H](/page/Head)\n\n- [i](/page/Item)\n\n> [q](/page/Quoted)", new[] { "head", "item", "quoted" })]
    [InlineData("| a |\n|---|\n| [x](/page/Cell) |", new[] { "cell" })]
    [InlineData("![pic](/page/Image)", new[] { "image" })]
    // Raw HTML is dropped, and so are the links in it.
    [InlineData("<a href=\"/page/Html\">x</a>\n\n<div>\n[y](/page/InHtml)\n</div>", new string[0])]
    // Text that looks like a gemtext link is shown as text.
    [InlineData("=> /page/NotALink", new string[0])]
    public void Markdown_links_are_the_links_a_reader_can_follow(string markdown, string[] keys)
    {
        Assert.Equal(keys, RenderedPage.Render(markdown, PageFormat.Markdown).LinkKeys);
    }

    [Fact]
    public void A_bare_gemini_URL_in_Markdown_is_text_so_it_is_no_link()
    {
        // The autolink extension links bare http(s), ftp and mailto URLs only; the gemtext shows
        // a bare gemini:// URL as text, so it must not count as a link either.
        var page = RenderedPage.Render("Bare gemini://example.org/page/Bare here", PageFormat.Markdown);

        Assert.DoesNotContain("=>", page.Gemtext, StringComparison.Ordinal);
        Assert.Empty(page.LinkKeys);
    }

    [Fact]
    public void A_bare_autolink_becomes_a_link_line_and_counts_when_it_names_a_page()
    {
        var page = RenderedPage.Render("Mirror: https://example.org/page/Web and [home](/page/Home)", PageFormat.Markdown);

        Assert.Contains("=> https://example.org/page/Web\n", page.Gemtext, StringComparison.Ordinal);
        // Only /page/ paths and gemini:// URLs name wiki pages.
        Assert.Equal(["home"], page.LinkKeys);
    }

    [Theory]
    [InlineData("```\n=> /page/Quoted\n```\n=> /page/Real\n", new[] { "real" })]
    [InlineData("```alt\n=> /page/Quoted\n```", new string[0])]
    [InlineData("=> /page/Before\n```\n=> /page/Unclosed\n", new[] { "before" })]
    [InlineData("=> /page/One\r\n```\r\n=> /page/In\r\n```\r\n=>/page/Two\r\n", new[] { "one", "two" })]
    [InlineData("=> /page/One\r```\r=> /page/In\r```\r=> /page/Two", new[] { "one", "two" })]
    [InlineData(" => /page/Indented\n# => /page/Heading\n> => /page/Quote\n* => /page/Item\n", new string[0])]
    public void Gemtext_links_are_link_lines_outside_preformatted_blocks(string gemtext, string[] keys)
    {
        Assert.Equal(keys, RenderedPage.Render(gemtext, PageFormat.Gemtext).LinkKeys);
    }

    [Theory]
    [InlineData("=> /page/A\n```\nopen", "=> /page/A\n```\nopen\n```\n")]
    [InlineData("a\r\nb\rc", "a\nb\nc\n")]
    [InlineData("", "")]
    [InlineData("a\n\n", "a\n\n")]
    public void Gemtext_pages_are_shown_as_written_with_LF_and_no_open_block(string text, string gemtext)
    {
        Assert.Equal(gemtext, RenderedPage.Render(text, PageFormat.Gemtext).Gemtext);
    }

    public static TheoryData<string, PageFormat> SamplePages => new()
    {
        {
            """
            ---
            title: Sample
            ---
            # Welcome [home](/page/Home)

            Read [the guide][guide], then `[not](/page/CodeSpan)` and <gemini://example.org/page/Auto%20Link>.
            Bare https://example.org/page/Web and ![logo](/page/Logo "Logo").

            ```
            [fenced](/page/Fenced)
            => /page/FencedGemtext
            ```

                [indented](/page/Indented)

            - [item](/page/Item)
              1. [nested](gemini://example.org/page/Nested/2)
            > quoted [q](/page/Quote)
            >
            > > [deeper](/page/Deeper)

            | Page | Link |
            |------|------|
            | a | [cell](/page/Cell) |

            <p><a href="/page/Html">html</a></p>

            [guide]: /page/Guide
            [unused]: /page/Unused
            """,
            PageFormat.Markdown
        },
        { "[outer ![inner](/page/Inner)](/page/Outer) [same](/page/Outer) [same](/page/Outer)", PageFormat.Markdown },
        { "[nowhere]() [space](</page/A Page>) [bad](/page/%ZZ) [raw](/raw/Raw)", PageFormat.Markdown },
        { "# Gemtext\n=> /page/One\n```\n=> /page/Pre\n```\n=>/page/Two two\n> => /page/Quoted\n", PageFormat.Gemtext },
        { "=> gemini://h/page/Open\n```\n=> /page/NeverClosed\n", PageFormat.Gemtext },
    };

    [Theory]
    [MemberData(nameof(SamplePages))]
    public void Extracted_links_equal_the_page_link_lines_of_the_rendered_gemtext(string text, PageFormat format)
    {
        var page = RenderedPage.Render(text, format);

        Assert.Equal(PageLinkLines(page.Gemtext), page.LinkKeys);
    }

    [Fact]
    public void The_sample_Markdown_page_links_to_what_it_shows_as_links()
    {
        var page = RenderedPage.Render(SamplePages.First()[0].ToString()!, PageFormat.Markdown);

        Assert.Equal(["auto link", "cell", "deeper", "guide", "home", "item", "logo", "nested", "quote"], page.LinkKeys);
    }

    /// <summary>The link lines as a client sees them, read without the production gemtext reader.</summary>
    private static string[] PageLinkLines(string gemtext)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        var preformatted = false;
        foreach (var line in gemtext.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                preformatted = !preformatted;
                continue;
            }

            if (preformatted || !line.StartsWith("=>", StringComparison.Ordinal))
            {
                continue;
            }

            var url = line[2..].Trim().Split(' ', '\t')[0];
            var path = url.StartsWith("gemini://", StringComparison.Ordinal) ? url[url.IndexOf('/', "gemini://".Length)..] : url;
            const string prefix = "/page/";
            if (path.StartsWith(prefix, StringComparison.Ordinal)
                && PercentEncoding.TryDecode(path[prefix.Length..].Split('/', '?', '#')[0], out var decoded)
                && PageName.TryParse(decoded, int.MaxValue, out var name, out _))
            {
                keys.Add(name.Key);
            }
        }

        return [.. keys];
    }
}
