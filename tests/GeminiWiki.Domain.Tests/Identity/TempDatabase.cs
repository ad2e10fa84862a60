using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Domain.Tests.Identity;

/// <summary>A real LiteDB file in a temp folder, deleted afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "geminiwiki-tests", Guid.NewGuid().ToString("N"));
        Database = WikiDatabase.Open(Directory);
        Store = new IdentityStore(Database);
        Store.Initialize();
    }

    public string Directory { get; }

    public WikiDatabase Database { get; private set; }

    public IdentityStore Store { get; private set; }

    /// <summary>Closes and opens the file again, as a restart would.</summary>
    public void Reopen()
    {
        Database.Dispose();
        Database = WikiDatabase.Open(Directory);
        Store = new IdentityStore(Database);
        Store.Initialize();
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
