using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Tests.Durability;

public sealed class PageDurabilityTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "geminiwiki-db-tests", Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task A_save_survives_a_crash_and_power_loss_as_soon_as_it_is_acknowledged()
    {
        var disk = new RecordingDisk();
        var wiki = Path.Combine(_directory, "wiki");
        var crash = Path.Combine(_directory, "crash");
        var powerLoss = Path.Combine(_directory, "power-loss");
        var name = PageName.Parse("Survivor");
        var alice = new PageAuthor("alice", null);
        using (var database = disk.Open(wiki))
        {
            var store = new LitePageStore(database, TimeProvider.System);
            store.Initialize();
            await store.SaveAsync(name, "still here\n", PageFormat.Gemtext, alice, CancellationToken.None);
        }

        // Reopened, so the save below is the engine's first commit: LiteDB's writer then runs on a
        // thread of its own and can lag behind the save (see RecordingDisk.HoldLogWrites).
        using (var database = disk.Open(wiki))
        {
            var store = new LitePageStore(database, TimeProvider.System);
            store.Initialize();
            disk.HoldLogWrites();
            try
            {
                await store.SaveAsync(name, "still here, twice\n", PageFormat.Gemtext, alice, CancellationToken.None);
                disk.LeaveAfterCrash(crash);
                disk.LeaveAfterPowerLoss(powerLoss);
            }
            finally
            {
                disk.LetWritesThrough();
            }
        }

        foreach (var left in new[] { crash, powerLoss })
        {
            using var recovered = Storage.WikiDatabase.Open(left);
            var reopened = new LitePageStore(recovered, TimeProvider.System);
            reopened.Initialize();
            Assert.Equal("still here, twice\n", reopened.Find(name)!.Text);
            Assert.Equal("still here\n", reopened.FindRevision(name, 1)!.Text);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
