using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Tests.Pages;

public sealed class LitePageStoreTests : IDisposable
{
    private static readonly PageAuthor Alice = new("alice", new string('a', 64));
    private static readonly PageAuthor Bob = new("bob", new string('b', 64));
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDatabase _temp = new();
    private readonly LitePageStore _store;

    public LitePageStoreTests() => _store = _temp.NewPageStore();

    public void Dispose() => _temp.Dispose();

    private static PageName Name(string text) => PageName.Parse(text);

    [Fact]
    public async Task The_page_list_follows_every_save_and_delete()
    {
        await _store.SaveAsync(Name("Beta"), "b\n", PageFormat.Gemtext, Alice, None);
        Assert.Equal(["Beta"], _store.AllPages().Select(p => p.Name.Value));

        await _store.SaveAsync(Name("Alpha"), "a\n", PageFormat.Gemtext, Alice, None);
        Assert.Equal(["Alpha", "Beta"], _store.AllPages().Select(p => p.Name.Value));

        await _store.SaveAsync(Name("Beta"), "b changed\n", PageFormat.Gemtext, Alice, None);
        Assert.Equal("b changed\n", _store.AllPages()[1].Text);

        await _store.DeleteAsync(Name("Alpha"), Alice, None);
        Assert.Equal(["Beta"], _store.AllPages().Select(p => p.Name.Value));
    }

    [Fact]
    public async Task Every_save_adds_a_numbered_revision_and_keeps_the_old_ones()
    {
        Assert.True(_store.IsEmpty);
        Assert.Equal(new SaveOutcome(SaveResult.Saved, 1), await _store.SaveAsync(Name("Notes"), "first\n", PageFormat.Gemtext, Alice, None));
        _temp.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(new SaveOutcome(SaveResult.Saved, 2), await _store.SaveAsync(Name("notes"), "second\n", PageFormat.Markdown, Bob, None));

        var current = _store.Find(Name("NOTES"))!;
        Assert.Equal(2, current.Revision);
        Assert.Equal("second\n", current.Text);
        Assert.Equal(PageFormat.Markdown, current.Format);
        Assert.Equal("bob", current.Author.Label);

        var first = _store.FindRevision(Name("Notes"), 1)!;
        Assert.Equal("first\n", first.Text);
        Assert.Equal("alice", first.Author.Label);
        Assert.Equal(new string('a', 64), first.Author.Fingerprint);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), first.Time);
        Assert.Equal(6, first.Size);

        var history = _store.History(Name("Notes"));
        Assert.Equal([2, 1], history.Select(h => h.Number));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 5, 0, TimeSpan.Zero), history[0].Time);
        Assert.False(_store.IsEmpty);
    }

    [Fact]
    public async Task Saving_the_same_text_again_adds_no_revision()
    {
        await _store.SaveAsync(Name("Same"), "text\r\nmore\r\n", PageFormat.Gemtext, Alice, None);
        var again = await _store.SaveAsync(Name("Same"), "text\nmore\n", PageFormat.Gemtext, Bob, None);

        Assert.Equal(new SaveOutcome(SaveResult.Unchanged, 1), again);
        Assert.Single(_store.History(Name("Same")));
        Assert.Equal("alice", _store.Find(Name("Same"))!.Author.Label);
    }

    [Fact]
    public async Task Deleting_adds_a_revision_that_a_later_save_undoes()
    {
        await _store.SaveAsync(Name("Gone"), "keep me\n", PageFormat.Gemtext, Alice, None);
        Assert.Equal(new SaveOutcome(SaveResult.Deleted, 2), await _store.DeleteAsync(Name("Gone"), Bob, None));

        Assert.True(_store.Find(Name("Gone"))!.IsDeleted);
        Assert.DoesNotContain(_store.AllPages(), p => p.Name.Key == "gone");
        Assert.Equal("keep me\n", _store.FindRevision(Name("Gone"), 1)!.Text);
        Assert.True(_store.History(Name("Gone"))[0].IsDeletion);
        Assert.Equal(SaveResult.NothingToDelete, (await _store.DeleteAsync(Name("Gone"), Bob, None)).Result);

        Assert.Equal(new SaveOutcome(SaveResult.Saved, 3), await _store.SaveAsync(Name("Gone"), "keep me\n", PageFormat.Gemtext, Alice, None));
        Assert.False(_store.Find(Name("Gone"))!.IsDeleted);
        Assert.Contains(_store.AllPages(), p => p.Name.Key == "gone");
        Assert.Equal([3, 2, 1], _store.History(Name("Gone")).Select(h => h.Number));
    }

    [Fact]
    public async Task Deleting_a_page_that_never_existed_writes_nothing()
    {
        Assert.Equal(SaveResult.NothingToDelete, (await _store.DeleteAsync(Name("Nope"), Alice, None)).Result);
        Assert.Null(_store.Find(Name("Nope")));
        Assert.Empty(_store.History(Name("Nope")));
    }

    [Fact]
    public async Task Twenty_concurrent_saves_to_one_page_all_become_revisions()
    {
        var saves = Enumerable.Range(1, 20)
            .Select(i => Task.Run(() => _store.SaveAsync(Name("Busy"), $"version {i}\n", PageFormat.Gemtext, Alice, None)))
            .ToArray();
        var outcomes = await Task.WhenAll(saves);

        Assert.Equal(Enumerable.Range(1, 20), outcomes.Select(o => o.Revision).Order());
        var texts = Enumerable.Range(1, 20).Select(n => _store.FindRevision(Name("Busy"), n)!.Text).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"version {i}\n").Order(), texts);
        Assert.Equal(20, _store.Find(Name("Busy"))!.Revision);
    }

    [Fact]
    public async Task Concurrent_appends_to_one_page_lose_no_line()
    {
        var appends = Enumerable.Range(1, 20)
            .Select(i => Task.Run(() => _store.AppendAsync(Name("Log"), $"entry {i}", Alice, None)))
            .ToArray();
        await Task.WhenAll(appends);

        var lines = _store.Find(Name("Log"))!.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"entry {i}").Order(), lines.Order());
        Assert.Equal(20, _store.History(Name("Log")).Count);
    }

    [Fact]
    public async Task Appending_adds_lines_after_the_existing_text()
    {
        await _store.SaveAsync(Name("List"), "* one", PageFormat.Gemtext, Alice, None);
        await _store.AppendAsync(Name("List"), "* two\r\n* three", Bob, None);
        Assert.Equal("* one\n* two\n* three\n", _store.Find(Name("List"))!.Text);
    }

    [Fact]
    public async Task Saves_to_different_pages_are_not_held_up_by_a_busy_page()
    {
        var pages = Enumerable.Range(0, 40)
            .Select(i => Task.Run(() => _store.SaveAsync(Name($"Page {i}"), $"text {i}", PageFormat.Gemtext, Alice, None)));
        await Task.WhenAll(pages);
        Assert.Equal(40, _store.AllPages().Count);
    }

    [Fact]
    public async Task Pages_and_history_survive_reopening_the_database()
    {
        await _store.SaveAsync(Name("Durable"), "one\n", PageFormat.Gemtext, Alice, None);
        await _store.SaveAsync(Name("Durable"), "=> /page/Other\n", PageFormat.Gemtext, Bob, None);
        await _store.SaveAsync(Name("Other"), "x", PageFormat.Gemtext, Bob, None);
        await _store.DeleteAsync(Name("Other"), Bob, None);

        _temp.Reopen();
        var reopened = _temp.NewPageStore();
        Assert.Equal("=> /page/Other\n", reopened.Find(Name("Durable"))!.Text);
        Assert.Equal(2, reopened.History(Name("Durable")).Count);
        Assert.True(reopened.Find(Name("Other"))!.IsDeleted);
        Assert.Equal(["Durable"], reopened.Backlinks(Name("Other")).Select(n => n.Value));
        Assert.Equal(new SaveOutcome(SaveResult.Saved, 3), await reopened.SaveAsync(Name("Durable"), "three", PageFormat.Gemtext, Alice, None));
    }

    [Fact]
    public async Task Backlinks_follow_the_current_text_of_linking_pages()
    {
        await _store.SaveAsync(Name("Target"), "I am linked", PageFormat.Gemtext, Alice, None);
        await _store.SaveAsync(Name("A"), "=> /page/Target see\n", PageFormat.Gemtext, Alice, None);
        await _store.SaveAsync(Name("B"), "[t](/page/target)", PageFormat.Markdown, Alice, None);
        await _store.SaveAsync(Name("C"), "no links", PageFormat.Gemtext, Alice, None);
        Assert.Equal(["A", "B"], _store.Backlinks(Name("Target")).Select(n => n.Value));

        await _store.SaveAsync(Name("A"), "link removed\n", PageFormat.Gemtext, Alice, None);
        await _store.DeleteAsync(Name("B"), Alice, None);
        Assert.Empty(_store.Backlinks(Name("Target")));
    }

    [Fact]
    public async Task Backlinks_are_the_links_the_rendered_page_shows()
    {
        await _store.SaveAsync(Name("Target"), "I am linked", PageFormat.Gemtext, Alice, None);
        await _store.SaveAsync(Name("Code"), "`[t](/page/Target)`\n\n    [t](/page/Target)", PageFormat.Markdown, Alice, None);
        await _store.SaveAsync(Name("Reference"), "[t][x]\n\n[x]: /page/Target", PageFormat.Markdown, Alice, None);
        await _store.SaveAsync(Name("Auto"), "<gemini://example.org/page/Target>", PageFormat.Markdown, Alice, None);
        await _store.SaveAsync(Name("Pre"), "```\n=> /page/Target\n```\n", PageFormat.Gemtext, Alice, None);

        Assert.Equal(["Auto", "Reference"], _store.Backlinks(Name("Target")).Select(n => n.Value));
    }

    [Fact]
    public async Task Recent_changes_are_newest_first_across_pages()
    {
        await _store.SaveAsync(Name("One"), "1", PageFormat.Gemtext, Alice, None);
        _temp.Time.Advance(TimeSpan.FromSeconds(1));
        await _store.SaveAsync(Name("Two"), "2", PageFormat.Gemtext, Bob, None);
        _temp.Time.Advance(TimeSpan.FromSeconds(1));
        await _store.DeleteAsync(Name("One"), Bob, None);

        var changes = _store.RecentChanges(10);
        Assert.Equal(["One", "Two", "One"], changes.Select(c => c.Name.Value));
        Assert.True(changes[0].IsDeletion);
        Assert.Equal(2, _store.RecentChanges(2).Count);
    }

    [Fact]
    public async Task A_page_keeps_the_spelling_it_was_created_with()
    {
        await _store.SaveAsync(Name("ReadMe"), "a", PageFormat.Gemtext, Alice, None);
        await _store.SaveAsync(Name("readme"), "b", PageFormat.Gemtext, Alice, None);
        var page = Assert.Single(_store.AllPages());
        Assert.Equal("ReadMe", page.Name.Value);
        Assert.Equal("b", page.Text);
        Assert.All(_store.History(Name("README")), r => Assert.Equal("ReadMe", r.Name.Value));
    }
}
