using GeminiWiki.Domain.Pages;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeminiWiki.Domain.Tests.Pages;

public sealed class PageSeederTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly string _content = Path.Combine(Path.GetTempPath(), "geminiwiki-seed-" + Guid.NewGuid().ToString("N"));

    public PageSeederTests()
    {
        Directory.CreateDirectory(_content);
        File.WriteAllText(Path.Combine(_content, "Home.gmi"), "# Home\n=> /page/Help Help\n");
        File.WriteAllText(Path.Combine(_content, "Help.md"), "# Help\n\nSome *markdown*.\n");
        File.WriteAllText(Path.Combine(_content, "notes.txt"), "not a page");
    }

    public void Dispose()
    {
        _temp.Dispose();
        Directory.Delete(_content, recursive: true);
    }

    [Fact]
    public async Task An_empty_wiki_gets_the_shipped_pages_as_revision_one_by_the_system()
    {
        var store = _temp.NewPageStore();
        var imported = await new PageSeeder(store, _content, NullLogger<PageSeeder>.Instance).SeedAsync(CancellationToken.None);

        Assert.Equal(2, imported);
        var home = store.Find(PageName.Parse("Home"))!;
        Assert.Equal(1, home.Revision);
        Assert.Equal("system", home.Author.Label);
        Assert.Equal(PageFormat.Gemtext, home.Format);
        Assert.Equal(PageFormat.Markdown, store.Find(PageName.Parse("Help"))!.Format);
        Assert.Equal(["Home"], store.Backlinks(PageName.Parse("Help")).Select(n => n.Value));
    }

    [Fact]
    public async Task A_wiki_with_pages_is_never_seeded_again()
    {
        var store = _temp.NewPageStore();
        await store.SaveAsync(PageName.Parse("Home"), "my own home", PageFormat.Gemtext, new PageAuthor("alice", null), CancellationToken.None);
        await store.DeleteAsync(PageName.Parse("Home"), new PageAuthor("alice", null), CancellationToken.None);

        new PageSeeder(store, _content, NullLogger<PageSeeder>.Instance).Initialize();

        Assert.True(store.Find(PageName.Parse("Home"))!.IsDeleted);
        Assert.Null(store.Find(PageName.Parse("Help")));
    }
}
