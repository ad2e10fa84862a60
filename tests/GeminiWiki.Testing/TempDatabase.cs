using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Testing;

/// <summary>
/// A real LiteDB file in a fresh temp folder, with the page and identity stores over it and a fake
/// clock; deleted afterwards. <see cref="Reopen"/> closes and opens it again, as a restart would.
/// </summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "geminiwiki-tests", Guid.NewGuid().ToString("N"));
        Open();
    }

    public string Directory { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public WikiDatabase Database { get; private set; } = null!;

    public IdentityDatabase Identity { get; private set; } = null!;

    public LiteAccountStore Accounts { get; private set; } = null!;

    public LiteAllowList AllowList { get; private set; } = null!;

    public LiteLinkCodes LinkCodes { get; private set; } = null!;

    public LiteAuditLog Audit { get; private set; } = null!;

    public LiteRefusalLog Refusals { get; private set; } = null!;

    /// <summary>A page store over the database, initialised as at start-up.</summary>
    public LitePageStore NewPageStore()
    {
        var store = new LitePageStore(Database, Time);
        store.Initialize();
        return store;
    }

    public void Reopen()
    {
        Close();
        Open();
    }

    public void Dispose()
    {
        Close();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private void Open()
    {
        Database = WikiDatabase.Open(Directory);
        Identity = new IdentityDatabase(Database);
        Identity.Initialize();
        Accounts = new LiteAccountStore(Identity);
        AllowList = new LiteAllowList(Identity);
        LinkCodes = new LiteLinkCodes(Identity);
        Audit = new LiteAuditLog(Identity);
        Refusals = new LiteRefusalLog(Identity, Time);
    }

    private void Close()
    {
        Refusals.Dispose();
        Database.Dispose();
    }
}
