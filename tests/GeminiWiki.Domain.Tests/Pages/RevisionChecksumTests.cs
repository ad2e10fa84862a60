using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Domain.Tests.Pages;

public sealed class RevisionChecksumTests : IDisposable
{
    private static readonly PageAuthor Alice = new("alice", null);
    private static readonly PageName Notes = PageName.Parse("Notes");
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_flipped_byte_in_a_stored_text_is_found_on_read_and_reported()
    {
        var damage = new RevisionDamage();
        var store = new LitePageStore(_temp.Database, _temp.Time, damage);
        store.Initialize();
        await store.SaveAsync(Notes, "first marker\n", PageFormat.Gemtext, Alice, None);
        await store.SaveAsync(Notes, "second\n", PageFormat.Gemtext, Alice, None);

        Assert.Equal(1, _temp.FlipStoredText("marker"));

        var thrown = Assert.Throws<DamagedRevisionException>(() => store.FindRevision(Notes, 1));
        Assert.Equal((Notes.Key, 1), (thrown.Name.Key, thrown.Revision));
        Assert.Contains("does not match its SHA-256", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("second\n", store.FindRevision(Notes, 2)!.Text);
        var found = Assert.Single(damage.Found);
        Assert.Equal((Notes.Key, 1), (found.Name.Key, found.Revision));
    }

    [Fact]
    public async Task A_damaged_current_text_is_never_loaded_as_the_page_and_a_new_save_replaces_it()
    {
        var store = _temp.NewPageStore();
        await store.SaveAsync(Notes, "current marker text\n", PageFormat.Gemtext, Alice, None);
        _temp.FlipStoredText("marker");

        _temp.Reopen();
        var damage = new RevisionDamage();
        store = new LitePageStore(_temp.Database, _temp.Time, damage);
        store.Initialize();

        var page = store.Find(Notes)!;
        Assert.True(page.IsDamaged);
        Assert.Equal(string.Empty, page.Text);
        Assert.DoesNotContain(store.AllPages(), p => p.Text.Contains("Marker", StringComparison.Ordinal));
        Assert.Single(damage.Found);

        // Appending would build on an empty stand-in and lose the text; only a full save replaces it.
        await Assert.ThrowsAsync<DamagedRevisionException>(() => store.AppendAsync(Notes, "more", Alice, None));
        await store.SaveAsync(Notes, "written again\n", PageFormat.Gemtext, Alice, None);
        Assert.False(store.Find(Notes)!.IsDamaged);
        Assert.Equal("written again\n", store.Find(Notes)!.Text);
    }

    [Fact]
    public async Task A_revision_saved_before_checksums_is_read_unverified_until_check_adds_its_checksum()
    {
        var store = _temp.NewPageStore();
        await store.SaveAsync(Notes, "old marker text\n", PageFormat.Gemtext, Alice, None);
        _temp.ForgetChecksums();

        Assert.Equal("old marker text\n", store.FindRevision(Notes, 1)!.Text);
        var report = DatabaseCheck.Run(_temp.Database, addMissingHashes: true);
        Assert.True(report.IsHealthy);
        Assert.Equal((1, 1), (report.Unverified, report.HashesAdded));

        _temp.FlipStoredText("marker");
        Assert.Throws<DamagedRevisionException>(() => store.FindRevision(Notes, 1));
    }
}
