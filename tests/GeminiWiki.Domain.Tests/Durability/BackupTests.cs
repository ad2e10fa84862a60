using System.Collections.Concurrent;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Domain.Tests.Durability;

public sealed class BackupTests : IDisposable
{
    private static readonly PageAuthor Alice = new("alice", null);
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_backup_taken_while_writes_run_opens_and_holds_every_save_acknowledged_before_it()
    {
        var store = _temp.NewPageStore();
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var name = $"W{w}-{n}";
                await store.SaveAsync(PageName.Parse(name), $"text of {name}\n", PageFormat.Gemtext, Alice, CancellationToken.None);
                acknowledged.Add(name);
            }
        })).ToArray();

        // Wait on the writers' progress, not on a clock.
        while (acknowledged.Count < 40)
        {
            await Task.Yield();
        }

        var before = acknowledged.ToArray();
        var backup = Path.Combine(_temp.Directory, "backups", "copy.db");
        var bytes = _temp.Database.BackupTo(backup);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.Equal(new FileInfo(backup).Length, bytes);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(backup)!, "*.tmp", SearchOption.AllDirectories));
        using var copy = WikiDatabase.OpenReadOnly(backup);
        Assert.True(DatabaseCheck.Run(copy, addMissingHashes: false).IsHealthy);
        var pages = copy.Database.GetCollection(LitePageStore.PagesCollection);
        Assert.All(before, name => Assert.NotNull(pages.FindById(PageName.Parse(name).Key)));
    }

    [Fact]
    public void A_backup_folder_keeps_the_newest_and_leaves_other_files_alone()
    {
        var folder = new BackupFolder(Path.Combine(_temp.Directory, "backups"), kept: 2);
        var start = _temp.Time.GetUtcNow();
        for (var hour = 0; hour < 4; hour++)
        {
            folder.Take(_temp.Database, start.AddHours(hour));
        }

        File.WriteAllText(Path.Combine(folder.Directory, "notes.txt"), "mine");

        Assert.Equal([start.AddHours(2), start.AddHours(3)], folder.Backups().Select(b => b.Taken));
        Assert.True(File.Exists(Path.Combine(folder.Directory, "notes.txt")));
        Assert.EndsWith("geminiwiki-20261123-150000.db", folder.Backups()[^1].Path, StringComparison.Ordinal);
    }
}
