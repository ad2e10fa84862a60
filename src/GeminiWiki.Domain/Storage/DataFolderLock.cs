using System.Globalization;

namespace GeminiWiki.Domain.Storage;

/// <summary>
/// The exclusive lock file of a data folder. The open database holds it for as long as it runs;
/// a restore holds it alone while it swaps the database file, so no server can start on a
/// half-restored folder.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    // LiteDB keeps uncheckpointed commits beside the data file; a restored file must not inherit the old one's.
    private const string LogFileName = "geminiwiki-log.db";

    private readonly FileStream _file;

    private DataFolderLock(string dataDirectory, FileStream file)
    {
        DataDirectory = dataDirectory;
        _file = file;
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, WikiDatabase.DatabaseFileName);

    /// <summary>Takes the lock, creating the folder if needed; throws <see cref="DatabaseLockedException"/> when another process holds it.</summary>
    public static DataFolderLock Take(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            var file = new FileStream(Path.Combine(dataDirectory, WikiDatabase.LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite,
                FileShare.None, 1, FileOptions.DeleteOnClose);
            return new DataFolderLock(dataDirectory, file);
        }
        catch (IOException ex)
        {
            throw new DatabaseLockedException(Path.Combine(dataDirectory, WikiDatabase.DatabaseFileName), ex);
        }
    }

    /// <summary>
    /// Puts <paramref name="backup"/> in place of the folder's database. The replaced database (and
    /// LiteDB's log beside it, if any) is kept as "…before-restore-&lt;time&gt;", never deleted.
    /// Returns the path the replaced database was kept at, or null when there was none. The caller
    /// checks the backup first; this only moves files.
    /// </summary>
    public string? Restore(string backup, DateTimeOffset now)
    {
        var suffix = ".before-restore-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var temporary = DatabasePath + ".restoring";
        using (var input = new FileStream(backup, FileMode.Open, FileAccess.Read, FileShare.Read))
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            input.CopyTo(output);
            output.Flush(flushToDisk: true);
        }

        string? kept = null;
        if (File.Exists(DatabasePath))
        {
            kept = DatabasePath + suffix;
            File.Move(DatabasePath, kept);
        }

        var log = Path.Combine(DataDirectory, LogFileName);
        if (File.Exists(log))
        {
            File.Move(log, log + suffix);
        }

        File.Move(temporary, DatabasePath);
        return kept;
    }

    public void Dispose() => _file.Dispose();
}
