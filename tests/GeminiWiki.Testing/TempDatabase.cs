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

    /// <summary>
    /// Damages stored revision texts the way a bad disk would, behind the store's back: in every
    /// text containing <paramref name="marker"/>, the marker's first character changes. Returns how
    /// many texts were changed.
    /// </summary>
    public int FlipStoredText(string marker)
    {
        var texts = Database.Database.GetCollection("revision_texts");
        var changed = 0;
        foreach (var document in texts.FindAll().ToList())
        {
            var text = document["Text"].AsString;
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                document["Text"] = text[..at] + (char)(text[at] ^ 0x20) + text[(at + 1)..];
                texts.Update(document);
                changed++;
            }
        }

        Database.Database.Checkpoint();
        return changed;
    }

    /// <summary>Removes the stored checksums, as in a database written before revisions had them.</summary>
    public void ForgetChecksums()
    {
        var texts = Database.Database.GetCollection("revision_texts");
        foreach (var document in texts.FindAll().ToList())
        {
            document.Remove("Sha256");
            texts.Update(document);
        }

        Database.Database.Checkpoint();
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
