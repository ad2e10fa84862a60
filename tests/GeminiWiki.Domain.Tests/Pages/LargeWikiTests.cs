using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Search;
using GeminiWiki.Domain.Storage;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Domain.Tests.Pages;

public sealed class LargeWikiTests
{
    [Fact]
    public async Task Ten_thousand_pages_index_and_search_from_current_pages_only()
    {
        using var database = WikiDatabase.InMemory();
        var store = new LitePageStore(database, new FakeTimeProvider());
        store.Initialize();
        var author = new PageAuthor("bot", null);
        for (var i = 0; i < 10_000; i++)
        {
            var text = $"# Page {i}\nSome ordinary text about topic {i % 97}.\n=> /page/Page%20{(i + 1) % 10_000} next\n";
            await store.SaveAsync(PageName.Parse($"Page {i}"), i == 7_777 ? text + "The rare word quokka lives here.\n" : text, PageFormat.Gemtext, author, CancellationToken.None);
        }

        // Index, search and backlinks must not depend on history: with every revision gone they still answer.
        database.Database.GetCollection(LitePageStore.RevisionsCollection).DeleteAll();
        database.Database.GetCollection(LitePageStore.RevisionTextsCollection).DeleteAll();

        var pages = store.AllPages();
        var hits = PageSearch.FullText(pages, "QUOKKA", 100);
        var common = PageSearch.FullText(store.AllPages(), "topic 5.", 100);

        Assert.Equal(10_000, pages.Count);
        Assert.Equal("Page 7777", Assert.Single(hits).Name.Value);
        Assert.Equal(100, common.Count);
        Assert.Equal(["Page 41"], store.Backlinks(PageName.Parse("Page 42")).Select(n => n.Value));
        // How fast this is belongs to bench/ (LargeWikiBenchmarks), not to a timed test on a shared machine.
    }
}
