using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Domain.Tests.Durability;

/// <summary>A full disk, played by a free-space probe the test sets: saves refused whole, reads unharmed, recovery without restart.</summary>
public sealed class DiskSpaceTests : IDisposable
{
    private const long Reserve = 1_000_000;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "geminiwiki-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly WikiDatabase _database;
    private readonly LitePageStore _pages;
    private long _free = 10 * Reserve;

    public DiskSpaceTests()
    {
        _database = WikiDatabase.Open(_directory, new DiskSpace(() => _free, Reserve));
        _pages = new LitePageStore(_database, _time);
        _pages.Initialize();
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<SaveOutcome> SaveAsync(string name, string text) =>
        _pages.SaveAsync(PageName.Parse(name), text, PageFormat.Gemtext, new PageAuthor("alice", null), CancellationToken.None);

    [Fact]
    public async Task A_save_the_disk_has_no_room_for_is_refused_whole_and_reads_go_on()
    {
        await SaveAsync("Home", "one\n");
        _free = Reserve - 1;

        var refused = await Assert.ThrowsAsync<StorageFullException>(() => SaveAsync("Home", "two\n"));
        await Assert.ThrowsAsync<StorageFullException>(() => SaveAsync("New", "text\n"));

        Assert.Contains("out of disk space, so nothing was saved", refused.Message, StringComparison.Ordinal);
        var home = _pages.Find(PageName.Parse("Home"))!;
        Assert.Equal((1, "one\n"), (home.Revision, home.Text));
        Assert.Single(_pages.History(PageName.Parse("Home")));
        Assert.Equal("one\n", _pages.FindRevision(PageName.Parse("Home"), 1)!.Text);
        Assert.Null(_pages.Find(PageName.Parse("New")));
        Assert.Single(_pages.RecentChanges(10));
    }

    [Fact]
    public async Task Once_space_is_free_again_the_next_save_works_without_a_restart_and_numbers_on()
    {
        await SaveAsync("Home", "one\n");
        _free = 0;
        await Assert.ThrowsAsync<StorageFullException>(() => SaveAsync("Home", "two\n"));

        _free = 10 * Reserve;
        var saved = await SaveAsync("Home", "three\n");

        Assert.Equal(2, saved.Revision);
        _database.Dispose();
        using var reopened = WikiDatabase.Open(_directory, new DiskSpace(() => long.MaxValue, 0));
        var store = new LitePageStore(reopened, _time);
        store.Initialize();
        Assert.Equal(["three\n", "one\n"], store.History(PageName.Parse("Home")).Select(r => store.FindRevision(r.Name, r.Number)!.Text));
    }

    [Fact]
    public void Registration_is_refused_whole_and_a_last_seen_time_is_simply_skipped()
    {
        var identity = new IdentityDatabase(_database);
        identity.Initialize();
        var accounts = new LiteAccountStore(identity);
        var certificate = CertificateDetails.TryRead(TestCertificates.Valid("alice"))!;
        Assert.True(AccountName.TryCreate("alice", out var name, out _));
        _free = 0;

        Assert.Throws<StorageFullException>(() => accounts.Register(name, certificate, _time.GetUtcNow()));
        accounts.Touch(certificate.Fingerprint, _time.GetUtcNow());

        Assert.Null(accounts.FindAccount(certificate.Fingerprint));
        Assert.Empty(accounts.ListAccounts());
    }
}
