using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Server.Commands;

/// <summary>
/// backup, check and restore from a shell. Each needs the database to itself: while the server
/// runs it holds the lock, and these answer <see cref="AdminCommandLine.DatabaseInUse"/> saying
/// what to do instead.
/// </summary>
internal static class StorageCommands
{
    public const string Backup = "backup";
    public const string Check = "check";
    public const string Restore = "restore";

    public static bool Handles(string verb) => verb is Backup or Check or Restore;

    public static bool NeedsFile(string verb) => verb is Backup or Restore;

    public static int Run(string verb, string? file, string dataDirectory, TextWriter output, TextWriter error, TimeProvider time) => verb switch
    {
        Backup => TakeBackup(file!, dataDirectory, output, error, time),
        Check => CheckDatabase(dataDirectory, output, error),
        _ => RestoreBackup(file!, dataDirectory, output, error, time),
    };

    private static int TakeBackup(string file, string dataDirectory, TextWriter output, TextWriter error, TimeProvider time)
    {
        if (!Open(dataDirectory, error, "A running server backs itself up: set Storage:BackupDirectory (and Storage:BackupIntervalHours) in gemini.json for its scheduled backups, or stop the server and run backup again.", out var database))
        {
            return AdminCommandLine.DatabaseInUse;
        }

        using (database)
        {
            return WriteBackup(database, file, output, time);
        }
    }

    /// <summary>A consistent copy of the open database (the running server's too: the control socket runs this in it).</summary>
    public static int WriteBackup(WikiDatabase database, string file, TextWriter output, TimeProvider time)
    {
        var path = Path.GetFullPath(file);
        var bytes = database.BackupTo(path);
        output.WriteLine($"Backup written to {path}, {bytes} bytes, at {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC.");
        return AdminCommandLine.Ok;
    }

    private static int CheckDatabase(string dataDirectory, TextWriter output, TextWriter error)
    {
        if (!Open(dataDirectory, error, "Stop the server to check its database, or check one of its backups by restoring it into another data folder.", out var database))
        {
            return AdminCommandLine.DatabaseInUse;
        }

        using (database)
        {
            try
            {
                // The live database, server stopped: revisions saved before checksums existed get theirs now.
                return Report(DatabaseCheck.Run(database, addMissingHashes: true), database.FilePath!, output, error);
            }
            catch (LiteDB.LiteException ex)
            {
                // Damage in LiteDB's own structures (header, collection list) stops the check itself.
                error.WriteLine($"{database.FilePath}: damaged: LiteDB cannot read the database: {ex.Message}");
                return AdminCommandLine.Damaged;
            }
        }
    }

    private static int RestoreBackup(string file, string dataDirectory, TextWriter output, TextWriter error, TimeProvider time)
    {
        var backup = Path.GetFullPath(file);
        if (!File.Exists(backup))
        {
            error.WriteLine($"geminiwiki: there is no backup '{backup}'.");
            return AdminCommandLine.Failed;
        }

        DataFolderLock folder;
        try
        {
            folder = DataFolderLock.Take(dataDirectory);
        }
        catch (DatabaseLockedException ex)
        {
            error.WriteLine($"geminiwiki: {ex.Message} Stop the server before restoring; nothing was changed.");
            return AdminCommandLine.DatabaseInUse;
        }

        using (folder)
        {
            DatabaseCheckReport report;
            try
            {
                using var copy = WikiDatabase.OpenReadOnly(backup);
                report = DatabaseCheck.Run(copy, addMissingHashes: false);
            }
            catch (Exception ex) when (ex is LiteDB.LiteException or IOException or InvalidDataException)
            {
                error.WriteLine($"geminiwiki: '{backup}' is not a database this server can open ({ex.Message}); nothing was changed.");
                return AdminCommandLine.Damaged;
            }

            if (Report(report, backup, TextWriter.Null, error) != AdminCommandLine.Ok)
            {
                error.WriteLine("geminiwiki: the backup is damaged; nothing was changed.");
                return AdminCommandLine.Damaged;
            }

            var kept = folder.Restore(backup, time.GetUtcNow());
            output.WriteLine($"Restored {backup} ({report.Summary}).");
            output.WriteLine(kept is null ? "There was no database before." : $"The replaced database is kept as {kept}.");
            return AdminCommandLine.Ok;
        }
    }

    private static bool Open(string dataDirectory, TextWriter error, string advice, out WikiDatabase database)
    {
        try
        {
            database = WikiDatabase.Open(dataDirectory);
            return true;
        }
        catch (DatabaseLockedException ex)
        {
            error.WriteLine($"geminiwiki: {ex.Message} {advice}");
            database = null!;
            return false;
        }
    }

    private static int Report(DatabaseCheckReport report, string path, TextWriter output, TextWriter error)
    {
        if (report.IsHealthy)
        {
            output.WriteLine($"{path}: no damage found; {report.Summary}.");
            return AdminCommandLine.Ok;
        }

        error.WriteLine($"{path}: {report.Damage.Count} damaged; {report.Summary}.");
        foreach (var damage in report.Damage)
        {
            error.WriteLine($"  damaged: {damage}");
        }

        return AdminCommandLine.Damaged;
    }
}
