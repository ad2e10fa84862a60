using System.Globalization;

namespace GeminiWiki.Domain.Storage;

/// <summary>A backup written: where, how large, and when it was taken.</summary>
public sealed record BackupFile(string Path, long Bytes, DateTimeOffset Taken);

/// <summary>
/// A folder of timestamped backups, "geminiwiki-yyyyMMdd-HHmmss.db" (UTC), of which the newest
/// <c>kept</c> stay. The names sort by time, so the folder alone says when the last one was taken.
/// </summary>
public sealed class BackupFolder(string directory, int kept)
{
    private const string Prefix = "geminiwiki-";
    private const string Extension = ".db";
    private const string TimeFormat = "yyyyMMdd-HHmmss";

    public string Directory { get; } = directory;

    /// <summary>Takes a backup now, then deletes the oldest beyond the number kept.</summary>
    public BackupFile Take(WikiDatabase database, DateTimeOffset now)
    {
        var path = Path.Combine(Directory, Prefix + now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + Extension);
        var bytes = database.BackupTo(path);
        foreach (var old in Backups().SkipLast(kept))
        {
            File.Delete(old.Path);
        }

        return new BackupFile(path, bytes, now);
    }

    /// <summary>The backups in the folder, oldest first; other files are left alone.</summary>
    public IReadOnlyList<(string Path, DateTimeOffset Taken)> Backups()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var backups = new List<(string Path, DateTimeOffset Taken)>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, Prefix + "*" + Extension))
        {
            var stamp = Path.GetFileNameWithoutExtension(path)[Prefix.Length..];
            if (DateTime.TryParseExact(stamp, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var taken))
            {
                backups.Add((path, new DateTimeOffset(taken, TimeSpan.Zero)));
            }
        }

        return backups.OrderBy(b => b.Taken).ToList();
    }
}
