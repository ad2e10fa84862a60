using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Search;

namespace GeminiWiki.Domain.Tests.Search;

public sealed class PageSearchTests
{
    private static CurrentPage Page(string name, string text, bool deleted = false) =>
        new(PageName.Parse(name), 1, text, PageFormat.Gemtext, PageAuthor.System, DateTimeOffset.UnixEpoch, deleted, []);

    private static readonly CurrentPage[] Pages =
    [
        Page("Gardening", "# Gardening\nTomatoes need a lot of SUN and water.\nBasil too."),
        Page("Cooking", "Make a sauce from sun-dried tomatoes."),
        Page("Sunflowers", "Tall yellow flowers."),
        Page("Old", "sun everywhere", deleted: true),
    ];

    [Fact]
    public void Finds_text_case_insensitively_with_a_snippet_of_the_line()
    {
        var hits = PageSearch.FullText(Pages, "tomatoes", 10);
        Assert.Equal(["Cooking", "Gardening"], hits.Select(h => h.Name.Value));
        Assert.Equal("Tomatoes need a lot of SUN and water.", hits[1].Snippet);
    }

    [Fact]
    public void Pages_whose_name_matches_come_first_and_deleted_pages_never_show()
    {
        var hits = PageSearch.FullText(Pages, "Sun", 10);
        Assert.Equal(["Sunflowers", "Cooking", "Gardening"], hits.Select(h => h.Name.Value));
        Assert.Equal(string.Empty, hits[0].Snippet);
    }

    [Fact]
    public void Long_lines_are_cut_around_the_hit()
    {
        var text = new string('x', 200) + " needle " + new string('y', 200);
        var hit = Assert.Single(PageSearch.FullText([Page("Long", text)], "NEEDLE", 10));
        Assert.StartsWith("…", hit.Snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("needle", hit.Snippet, StringComparison.Ordinal);
        Assert.True(hit.Snippet.Length < 120);
    }

    [Fact]
    public void Results_are_limited()
    {
        var many = Enumerable.Range(0, 50).Select(i => Page($"P{i}", "common word")).ToArray();
        Assert.Equal(10, PageSearch.FullText(many, "common", 10).Count);
    }

    [Fact]
    public void Name_match_finds_names_containing_the_text()
    {
        Assert.Equal(["Gardening"], PageSearch.NamesContaining(Pages, "DEN").Select(n => n.Value));
    }

    [Fact]
    public void A_name_match_late_in_the_index_still_comes_first_when_text_hits_fill_the_limit()
    {
        var pages = Enumerable.Range(0, 30).Select(i => Page($"A{i:D2}", "mentions zebra")).Append(Page("Zebra", "no mention")).ToArray();

        var hits = PageSearch.FullText(pages, "zebra", 10);

        Assert.Equal(10, hits.Count);
        Assert.Equal("Zebra", hits[0].Name.Value);
        Assert.Equal("A00", hits[1].Name.Value);
    }

    [Fact]
    public void Matching_folds_case_beyond_ASCII_and_the_snippet_shows_the_original_text()
    {
        var hit = Assert.Single(PageSearch.FullText([Page("Saisons", "Un été à Paris\nÉTÉ encore")], "été", 10));

        Assert.Equal("Un été à Paris", hit.Snippet);
    }

    [Fact]
    public void Unsorted_input_is_searched_in_name_order()
    {
        var hits = PageSearch.FullText([Page("b", "x"), Page("a", "x"), Page("c", "x")], "x", 10);

        Assert.Equal(["a", "b", "c"], hits.Select(h => h.Name.Value));
    }
}
