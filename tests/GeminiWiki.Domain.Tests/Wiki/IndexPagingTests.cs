using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;
using static GeminiWiki.Domain.Tests.Wiki.WikiHarness;

namespace GeminiWiki.Domain.Tests.Wiki;

public sealed class IndexPagingTests : IDisposable
{
    private readonly WikiHarness _wiki = new(new WikiOptions { IndexPageSize = 2 });

    public void Dispose() => _wiki.Dispose();

    private async Task SavePages(params string[] names)
    {
        foreach (var name in names)
        {
            await _wiki.Store.SaveAsync(PageName.Parse(name), "text\n", PageFormat.Gemtext, new PageAuthor("alice", null), CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_index_is_paged_with_next_and_previous_links_and_do_index_is_the_first_page()
    {
        await SavePages("Echo", "Alpha", "Delta", "Bravo", "Charlie");

        var first = Body(await _wiki.GetAsync("/do/index"));
        var second = Body(await _wiki.GetAsync("/do/index/2"));
        var last = Body(await _wiki.GetAsync("/do/index/3"));

        Assert.Equal("# All pages (1 of 3)\n5 pages; these are 1 to 2.\n\n=> /page/Alpha Alpha\n=> /page/Bravo Bravo\n\n=> /do/index/2 Next page (2 of 3)\n", first);
        Assert.Equal("# All pages (2 of 3)\n5 pages; these are 3 to 4.\n\n=> /page/Charlie Charlie\n=> /page/Delta Delta\n\n=> /do/index Previous page (1 of 3)\n=> /do/index/3 Next page (3 of 3)\n", second);
        Assert.Equal("# All pages (3 of 3)\n5 pages; these are 5 to 5.\n\n=> /page/Echo Echo\n\n=> /do/index/2 Previous page (2 of 3)\n", last);
        Assert.Equal(first, Body(await _wiki.GetAsync("/do/index/1")));
    }

    [Fact]
    public async Task A_page_past_the_end_or_not_a_number_says_what_exists()
    {
        await SavePages("Alpha", "Bravo", "Charlie");

        var past = await _wiki.GetAsync("/do/index/3");
        var word = await _wiki.GetAsync("/do/index/last");
        var zero = await _wiki.GetAsync("/do/index/0");

        Assert.Equal((51, "The index has 2 pages; the last is /do/index/2"), (past.Code, past.Meta));
        Assert.Equal((59, "/do/index/<n> takes the number of an index page, from 1 up, not 'last'"), (word.Code, word.Meta));
        Assert.Equal(59, zero.Code);
    }

    [Fact]
    public async Task A_save_shows_up_on_the_next_index_request()
    {
        await SavePages("Bravo", "Charlie");
        Assert.Equal("# All pages\n2 pages.\n\n=> /page/Bravo Bravo\n=> /page/Charlie Charlie\n", Body(await _wiki.GetAsync("/do/index")));

        await SavePages("Alpha");

        Assert.StartsWith("# All pages (1 of 2)\n3 pages; these are 1 to 2.\n\n=> /page/Alpha Alpha\n", Body(await _wiki.GetAsync("/do/index")), StringComparison.Ordinal);
        using var empty = new WikiHarness();
        Assert.Equal("# All pages\n0 pages.\n\n", Body(await empty.GetAsync("/do/index")));
    }
}
