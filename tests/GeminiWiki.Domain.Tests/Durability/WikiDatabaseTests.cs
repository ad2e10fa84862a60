using GeminiWiki.Domain.Storage;
using LiteDB;

namespace GeminiWiki.Domain.Tests.Durability;

public sealed class WikiDatabaseTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "geminiwiki-db-tests", Guid.NewGuid().ToString("n"));

    [Fact]
    public void One_flush_covers_every_commit_made_before_it_started()
    {
        using var database = WikiDatabase.Open(_directory);
        var items = database.Database.GetCollection("items");

        var (_, first) = database.WriteCommitted(_ => items.Insert(new BsonDocument { ["n"] = 1 }));
        var (_, second) = database.WriteCommitted(_ => items.Insert(new BsonDocument { ["n"] = 2 }));
        database.WaitDurable(first);
        database.WaitDurable(second);

        Assert.Equal(1, database.Flushes);
        Assert.Equal(2, items.Count());
    }

    [Fact]
    public void A_commit_after_a_flush_gets_its_own()
    {
        using var database = WikiDatabase.Open(_directory);
        var items = database.Database.GetCollection("items");

        database.Write(_ => items.Insert(new BsonDocument { ["n"] = 1 }));
        database.Write(_ => items.Insert(new BsonDocument { ["n"] = 2 }));

        Assert.Equal(2, database.Flushes);
    }

    [Fact]
    public void Concurrent_writers_are_all_fsynced_when_they_return_and_share_flushes()
    {
        var disk = new RecordingDisk();
        var wiki = Path.Combine(_directory, "wiki");
        var missing = new System.Collections.Concurrent.ConcurrentBag<int>();
        using (var database = disk.Open(wiki))
        {
            var items = database.Database.GetCollection("items");
            Parallel.For(0, 100, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
            {
                database.Write(_ => items.Insert(new BsonDocument { ["marker"] = Marker(n) }));
                if (!disk.DurableLogHolds(wiki, Marker(n)))
                {
                    missing.Add(n);
                }
            });

            Assert.Empty(missing);
            Assert.InRange(database.Flushes, 1, 100);
        }

        static string Marker(int n) => $"concurrent writer {n:D3} was here";
    }

    [Fact]
    public void A_failed_write_is_rolled_back_and_costs_no_flush()
    {
        using var database = WikiDatabase.Open(_directory);
        var items = database.Database.GetCollection("items");

        Assert.Throws<InvalidOperationException>(() => database.Write(_ =>
        {
            items.Insert(new BsonDocument { ["n"] = 1 });
            throw new InvalidOperationException("refused");
        }));

        Assert.Equal(0, items.Count());
        Assert.Equal(0, database.Flushes);
    }

    [Fact]
    public void A_second_opener_of_the_same_folder_is_refused()
    {
        using var database = WikiDatabase.Open(_directory);

        Assert.Throws<DatabaseLockedException>(() => WikiDatabase.Open(_directory));
    }

    [Fact]
    public void A_file_database_makes_writes_durable_through_the_log_writer_not_a_checkpoint()
    {
        // If a LiteDB upgrade moves the writer's fields, saves fall back to a checkpoint each:
        // still safe, but the cost this avoids comes back, so it must not happen silently.
        using var database = WikiDatabase.Open(_directory);
        Assert.True(database.FlushesLog);
    }

    [Fact]
    public void A_database_on_the_recording_disk_also_makes_writes_durable_through_the_log_writer()
    {
        // The durability tests below run on the recording disk: they prove the log-writer path only if it is the one in use there.
        using var database = new RecordingDisk().Open(_directory);
        Assert.True(database.FlushesLog);
    }

    [Fact]
    public void An_acknowledged_write_survives_a_crash_and_power_loss_while_it_is_still_only_in_the_log()
    {
        var disk = new RecordingDisk();
        var wiki = Path.Combine(_directory, "wiki");
        var crash = Path.Combine(_directory, "crash");
        var powerLoss = Path.Combine(_directory, "power-loss");
        using (var database = disk.Open(wiki))
        {
            // Freshly opened: this is the first commit, so LiteDB's writer runs on a thread of its own and can lag behind the save.
            disk.HoldLogWrites();
            try
            {
                var items = database.Database.GetCollection("items");
                database.Write(_ => items.Insert(new BsonDocument { ["n"] = 1 }));
                disk.LeaveAfterCrash(crash);
                disk.LeaveAfterPowerLoss(powerLoss);
            }
            finally
            {
                disk.LetWritesThrough();
            }
        }

        // No checkpoint ran: the log is what holds the write.
        Assert.NotEqual(0, new FileInfo(LiteLogWriter.LogPathOf(Path.Combine(crash, WikiDatabase.DatabaseFileName))).Length);
        Assert.Equal([1], Numbers(crash));
        Assert.Equal([1], Numbers(powerLoss));
    }

    [Fact]
    public void Commits_made_before_a_wait_are_written_and_fsynced_when_it_returns()
    {
        var disk = new RecordingDisk();
        var wiki = Path.Combine(_directory, "wiki");
        var powerLoss = Path.Combine(_directory, "power-loss");
        using (var database = disk.Open(wiki))
        {
            disk.HoldLogWrites();
            try
            {
                var items = database.Database.GetCollection("items");
                var (_, first) = database.WriteCommitted(_ => items.Insert(new BsonDocument { ["n"] = 1 }));
                var (_, second) = database.WriteCommitted(_ => items.Insert(new BsonDocument { ["n"] = 2 }));
                database.WaitDurable(second);
                disk.LeaveAfterPowerLoss(powerLoss);
                database.WaitDurable(first);
            }
            finally
            {
                disk.LetWritesThrough();
            }

            Assert.Equal(1, database.Flushes);
        }

        Assert.Equal([1, 2], Numbers(powerLoss));
    }

    private static int[] Numbers(string directory)
    {
        using var recovered = WikiDatabase.Open(directory);
        return recovered.Database.GetCollection("items").FindAll().Select(d => d["n"].AsInt32).Order().ToArray();
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
