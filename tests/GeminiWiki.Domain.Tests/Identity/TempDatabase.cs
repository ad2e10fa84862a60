using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Storage;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Domain.Tests.Identity;

/// <summary>A real LiteDB file in a temp folder with the identity stores over it, deleted afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "geminiwiki-tests", Guid.NewGuid().ToString("N"));
        Open();
    }

    public string Directory { get; }

    /// <summary>Drives the refusal log's flush timer.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public WikiDatabase Database { get; private set; } = null!;

    public IdentityDatabase Identity { get; private set; } = null!;

    public LiteAccountStore Accounts { get; private set; } = null!;

    public LiteAllowList AllowList { get; private set; } = null!;

    public LiteLinkCodes LinkCodes { get; private set; } = null!;

    public LiteAuditLog Audit { get; private set; } = null!;

    public LiteRefusalLog Refusals { get; private set; } = null!;

    /// <summary>Closes and opens the file again, as a restart would.</summary>
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
