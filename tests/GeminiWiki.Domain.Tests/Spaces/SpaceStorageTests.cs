using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;

namespace GeminiWiki.Domain.Tests.Spaces;

public sealed class SpaceStorageTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private LitePageStore Open(string space)
    {
        var prefix = space.Length == 0 ? string.Empty : new SpaceDefinition(space, space, "Home").CollectionPrefix;
        var store = new LitePageStore(_db.Database, _db.Time, collectionPrefix: prefix);
        store.Initialize();
        return store;
    }

    [Fact]
    public async Task Spaces_keep_their_pages_apart_in_one_database_and_the_default_keeps_its_collections()
    {
        var main = Open(string.Empty);
        var docs = Open("docs");
        var author = new PageAuthor("alice", null);
        await main.SaveAsync(PageName.Parse("Home"), "main\n", PageFormat.Gemtext, author, CancellationToken.None);
        await docs.SaveAsync(PageName.Parse("Home"), "docs one\n", PageFormat.Gemtext, author, CancellationToken.None);
        await docs.SaveAsync(PageName.Parse("Home"), "docs two\n", PageFormat.Gemtext, author, CancellationToken.None);

        _db.Reopen();
        main = Open(string.Empty);
        docs = Open("docs");
        var other = Open("docs-2");

        Assert.Equal(("main\n", 1), (main.Find(PageName.Parse("Home"))!.Text, main.Find(PageName.Parse("Home"))!.Revision));
        Assert.Equal(("docs two\n", 2), (docs.Find(PageName.Parse("Home"))!.Text, docs.Find(PageName.Parse("Home"))!.Revision));
        Assert.Single(main.RecentChanges(10));
        Assert.Equal(2, docs.RecentChanges(10).Count);
        Assert.True(other.IsEmpty);
        Assert.Equal(1, _db.Database.Database.GetCollection("pages").Count());
        Assert.Equal(1, _db.Database.Database.GetCollection("space_docs_pages").Count());
    }
}
