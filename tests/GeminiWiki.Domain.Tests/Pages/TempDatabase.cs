using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Domain.Tests.Pages;

/// <summary>A real LiteDB database file in a fresh temp folder, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "geminiwiki-pages-" + Guid.NewGuid().ToString("N"));
        Database = WikiDatabase.Open(Directory);
    }

    public string Directory { get; }

    public WikiDatabase Database { get; private set; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public LitePageStore NewStore()
    {
        var store = new LitePageStore(Database, Time);
        store.Initialize();
        return store;
    }

    /// <summary>Closes and reopens the database file, as a restart would.</summary>
    public LitePageStore Reopen()
    {
        Database.Dispose();
        Database = WikiDatabase.Open(Directory);
        return NewStore();
    }

    public void Dispose()
    {
        Database.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
