using GeminiWiki.Domain.Storage;
using LiteDB;

namespace GeminiWiki.Domain.Tests.Durability;

public sealed class WikiDatabaseTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "geminiwiki-db-tests", Guid.NewGuid().ToString("n"));

    [Fact]
    public void One_checkpoint_covers_every_commit_made_before_it_started()
    {
        using var database = WikiDatabase.Open(_directory);
        var items = database.Database.GetCollection("items");

        var (_, first) = database.WriteCommitted(_ => items.Insert(new BsonDocument { ["n"] = 1 }));
        var (_, second) = database.WriteCommitted(_ => items.Insert(new BsonDocument { ["n"] = 2 }));
        database.WaitDurable(first);
        database.WaitDurable(second);

        Assert.Equal(1, database.Checkpoints);
        Assert.Equal(2, items.Count());
    }

    [Fact]
    public void A_commit_after_a_checkpoint_gets_its_own()
    {
        using var database = WikiDatabase.Open(_directory);
        var items = database.Database.GetCollection("items");

        database.Write(_ => items.Insert(new BsonDocument { ["n"] = 1 }));
        database.Write(_ => items.Insert(new BsonDocument { ["n"] = 2 }));

        Assert.Equal(2, database.Checkpoints);
    }

    [Fact]
    public void Concurrent_writers_are_all_durable_when_they_return_and_share_checkpoints()
    {
        using (var database = WikiDatabase.Open(_directory))
        {
            var items = database.Database.GetCollection("items");
            Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
                database.Write(_ => items.Insert(new BsonDocument { ["n"] = n })));

            Assert.InRange(database.Checkpoints, 1, 200);
        }

        // Reopened: every write that returned is there.
        using var reopened = WikiDatabase.Open(_directory);
        Assert.Equal(200, reopened.Database.GetCollection("items").Count());
    }

    [Fact]
    public void A_failed_write_is_rolled_back_and_costs_no_checkpoint()
    {
        using var database = WikiDatabase.Open(_directory);
        var items = database.Database.GetCollection("items");

        Assert.Throws<InvalidOperationException>(() => database.Write(_ =>
        {
            items.Insert(new BsonDocument { ["n"] = 1 });
            throw new InvalidOperationException("refused");
        }));

        Assert.Equal(0, items.Count());
        Assert.Equal(0, database.Checkpoints);
    }

    [Fact]
    public void A_second_opener_of_the_same_folder_is_refused()
    {
        using var database = WikiDatabase.Open(_directory);

        Assert.Throws<DatabaseLockedException>(() => WikiDatabase.Open(_directory));
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
