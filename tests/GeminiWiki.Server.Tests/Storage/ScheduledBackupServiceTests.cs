using System.Threading.Channels;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeminiWiki.Server.Tests.Storage;

public sealed class ScheduledBackupServiceTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Backups_are_taken_at_start_then_every_interval_keeping_the_newest()
    {
        var directory = Path.Combine(_temp.Directory, "backups");
        var options = new StorageOptions { BackupDirectory = directory, BackupIntervalHours = 6, BackupsKept = 2 };
        using var service = new ScheduledBackupService(_temp.Database, options, directory, _temp.Time, NullLogger<ScheduledBackupService>.Instance);
        var finished = Channel.CreateUnbounded<BackupFile?>();
        service.BackupFinished += file => finished.Writer.TryWrite(file);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await service.StartAsync(CancellationToken.None);
        var first = await finished.Reader.ReadAsync(timeout.Token);
        Assert.Equal(_temp.Time.GetUtcNow(), first!.Taken);
        Assert.True(first.Bytes > 0);

        for (var n = 0; n < 3; n++)
        {
            _temp.Time.Advance(TimeSpan.FromHours(6));
            Assert.NotNull(await finished.Reader.ReadAsync(timeout.Token));
        }

        await service.StopAsync(CancellationToken.None);
        var kept = new BackupFolder(directory, 2).Backups();
        Assert.Equal([first.Taken.AddHours(12), first.Taken.AddHours(18)], kept.Select(b => b.Taken));
    }

    [Fact]
    public async Task After_a_restart_the_next_backup_is_due_one_interval_after_the_newest()
    {
        var directory = Path.Combine(_temp.Directory, "backups");
        var start = _temp.Time.GetUtcNow();
        new BackupFolder(directory, 7).Take(_temp.Database, start.AddHours(-1));
        var options = new StorageOptions { BackupDirectory = directory, BackupIntervalHours = 6 };
        using var service = new ScheduledBackupService(_temp.Database, options, directory, _temp.Time, NullLogger<ScheduledBackupService>.Instance);
        var finished = Channel.CreateUnbounded<BackupFile?>();
        service.BackupFinished += file => finished.Writer.TryWrite(file);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await service.StartAsync(CancellationToken.None);
        _temp.Time.Advance(TimeSpan.FromHours(4));
        Assert.False(finished.Reader.TryRead(out _));
        _temp.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(start.AddHours(5), (await finished.Reader.ReadAsync(timeout.Token))!.Taken);
        await service.StopAsync(CancellationToken.None);
    }
}
