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
    public void Concurrent_writers_are_all_durable_when_they_return_and_share_flushes()
    {
        using (var database = WikiDatabase.Open(_directory))
        {
            var items = database.Database.GetCollection("items");
            Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
                database.Write(_ => items.Insert(new BsonDocument { ["n"] = n })));

            Assert.InRange(database.Flushes, 1, 200);
        }

        // Reopened: every write that returned is there.
        using var reopened = WikiDatabase.Open(_directory);
        Assert.Equal(200, reopened.Database.GetCollection("items").Count());
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
    public void An_acknowledged_write_is_in_the_files_on_disk_while_it_is_still_only_in_the_log()
    {
        // Simulates kill -9 right after the acknowledgement: the files as they are now, copied, must
        // open with the write in them, and it is the log (no checkpoint ran) that holds it.
        var copy = Path.Combine(_directory, "copy");
        using (var database = WikiDatabase.Open(_directory))
        {
            var items = database.Database.GetCollection("items");
            database.Write(_ => items.Insert(new BsonDocument { ["n"] = 1 }));
            database.Write(_ => items.Insert(new BsonDocument { ["n"] = 2 }));

            var log = LiteLogWriter.LogPathOf(database.FilePath!);
            Assert.True(new FileInfo(log).Length > 0);
            Directory.CreateDirectory(copy);
            foreach (var file in new[] { database.FilePath!, log })
            {
                using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var target = File.Create(Path.Combine(copy, Path.GetFileName(file)));
                source.CopyTo(target);
            }
        }

        using var recovered = WikiDatabase.Open(copy);
        Assert.Equal([1, 2], recovered.Database.GetCollection("items").FindAll().Select(d => d["n"].AsInt32).Order().ToArray());
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
