using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using LiteDB;

namespace GeminiWiki.Domain.Tests.Durability;

public sealed class DatabaseCheckTests : IDisposable
{
    private static readonly PageAuthor Alice = new("alice", null);
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_healthy_database_reads_whole_with_every_count()
    {
        await SeedAsync();

        var report = DatabaseCheck.Run(_temp.Database, addMissingHashes: false);

        Assert.True(report.IsHealthy);
        Assert.Equal((2, 3, 0, 1, 1, 1), (report.Pages, report.Revisions, report.Unverified, report.Accounts, report.Certificates, report.AllowListEntries));
    }

    [Fact]
    public async Task Every_damaged_thing_is_named_and_the_rest_is_still_read()
    {
        await SeedAsync();
        _temp.FlipStoredText("marker");
        _temp.Database.Database.GetCollection("allowlist").Insert(new BsonDocument { ["_id"] = "not a fingerprint", ["AddedBy"] = "x", ["Added"] = DateTime.UtcNow });

        var report = DatabaseCheck.Run(_temp.Database, addMissingHashes: false);

        Assert.False(report.IsHealthy);
        Assert.Equal(2, report.Damage.Count);
        Assert.Contains(report.Damage, d => d.StartsWith("revision 1 of 'Alpha'", StringComparison.Ordinal) && d.Contains("SHA-256", StringComparison.Ordinal));
        Assert.Contains(report.Damage, d => d.StartsWith("allow-list entry not a fingerprint", StringComparison.Ordinal));
        Assert.Equal((2, 3, 1), (report.Pages, report.Revisions, report.Accounts));
    }

    private async Task SeedAsync()
    {
        var store = _temp.NewPageStore();
        await store.SaveAsync(PageName.Parse("Alpha"), "a marker\n", PageFormat.Gemtext, Alice, CancellationToken.None);
        await store.SaveAsync(PageName.Parse("Alpha"), "a again\n", PageFormat.Gemtext, Alice, CancellationToken.None);
        await store.SaveAsync(PageName.Parse("Beta"), "b\n", PageFormat.Markdown, Alice, CancellationToken.None);
        var details = CertificateDetails.TryRead(TestCertificates.Valid("carol"))!;
        _ = AccountName.TryCreate("carol", out var carol, out _);
        _temp.Accounts.Register(carol, details, _temp.Time.GetUtcNow());
        _temp.AllowList.Allow(details.Fingerprint, "admin", _temp.Time.GetUtcNow());
    }
}
