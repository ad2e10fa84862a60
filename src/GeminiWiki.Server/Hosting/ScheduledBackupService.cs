using GeminiWiki.Domain.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeminiWiki.Server.Hosting;

/// <summary>
/// Backs the live database up every <see cref="StorageOptions.BackupIntervalHours"/> into
/// <see cref="StorageOptions.BackupDirectory"/>, keeping the newest <see cref="StorageOptions.BackupsKept"/>.
/// The first backup is due one interval after the newest one already in the folder (at once if
/// there is none), so frequent restarts neither skip backups nor take one each time. This is how a
/// running server is backed up: the command line cannot open the database while the server holds it.
/// </summary>
public sealed partial class ScheduledBackupService(
    WikiDatabase database,
    StorageOptions options,
    string? backupDirectory,
    TimeProvider time,
    ILogger<ScheduledBackupService> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(1);

    /// <summary>Raised after each backup attempt, with the file written or null when it failed (tests wait on it).</summary>
    public event Action<BackupFile?>? BackupFinished;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (backupDirectory is null)
        {
            return;
        }

        var folder = new BackupFolder(backupDirectory, options.BackupsKept);
        var interval = TimeSpan.FromHours(options.BackupIntervalHours);
        var newest = folder.Backups().LastOrDefault();
        var due = newest.Path is null ? time.GetUtcNow() : newest.Taken + interval;
        LogScheduled(logger, backupDirectory, options.BackupIntervalHours, options.BackupsKept);

        // A steady tick checked against an absolute due time, rather than one long delay: the timer
        // exists before the first backup, so no clock change between computing and arming a delay is lost.
        using var ticks = new PeriodicTimer(CheckEvery, time);
        do
        {
            if (time.GetUtcNow() < due)
            {
                continue;
            }

            var started = time.GetUtcNow();
            due = started + interval;
            BackupFile? file = null;
            try
            {
                // The copy is synchronous file I/O that holds writers back; it must not run on a request's thread.
                file = await Task.Run(() => folder.Take(database, started), stoppingToken).ConfigureAwait(false);
                LogBackup(logger, file.Path, file.Bytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException)
            {
                LogBackupFailed(logger, ex, backupDirectory, options.BackupIntervalHours);
            }

            BackupFinished?.Invoke(file);
        }
        while (await ticks.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled backups into {Directory} every {Hours} h, keeping {Kept}")]
    private static partial void LogScheduled(ILogger logger, string directory, int hours, int kept);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup written to {Path}, {Bytes} bytes")]
    private static partial void LogBackup(ILogger logger, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backup into {Directory} failed; the next try is in {Hours} h")]
    private static partial void LogBackupFailed(ILogger logger, Exception exception, string directory, int hours);
}
