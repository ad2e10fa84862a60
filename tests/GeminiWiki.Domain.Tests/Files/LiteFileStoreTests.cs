using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Domain.Tests.Files;

public sealed class LiteFileStoreTests : IDisposable
{
    private static readonly PageAuthor Alice = new("alice", "ab12");
    private readonly TempDatabase _temp = new();
    private LiteFileStore _store;

    public LiteFileStoreTests() => _store = Open();

    public void Dispose() => _temp.Dispose();

    private LiteFileStore Open()
    {
        var store = new LiteFileStore(_temp.Database, _temp.Time);
        store.Initialize();
        return store;
    }

    private Task<SaveOutcome> Save(string name, byte[] content, string type = FileTypes.Png) =>
        _store.SaveAsync(FileName.Parse(name), content, type, Alice, CancellationToken.None);

    [Fact]
    public async Task Every_upload_is_a_numbered_revision_with_author_time_type_and_its_own_bytes()
    {
        await Save("Cat.png", TestFiles.Png);
        _temp.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await Save("cat.png", TestFiles.Jpeg, FileTypes.Jpeg);

        Assert.Equal(new SaveOutcome(SaveResult.Saved, 2), second);
        var current = _store.Find(FileName.Parse("CAT.PNG"))!;
        Assert.Equal(("Cat.png", 2, FileTypes.Jpeg, (long)TestFiles.Jpeg.Length, "alice"),
            (current.Name.Value, current.Revision, current.MediaType, current.Size, current.Author.Label));
        Assert.Equal(TestFiles.Png, _store.ReadContent(FileName.Parse("cat.png"), 1)!.Bytes);
        Assert.Equal(TestFiles.Jpeg, _store.ReadContent(FileName.Parse("cat.png"), 2)!.Bytes);
        Assert.Equal(FileTypes.Png, _store.ReadContent(FileName.Parse("cat.png"), 1)!.File.MediaType);
        Assert.Equal([2, 1], _store.History(FileName.Parse("cat.png")).Select(r => r.Revision));
        Assert.Equal(_temp.Time.GetUtcNow(), _store.History(FileName.Parse("cat.png"))[0].Time);
    }

    [Fact]
    public async Task The_same_bytes_and_type_again_add_no_revision()
    {
        await Save("cat.png", TestFiles.Png);
        var version = _store.Version;

        Assert.Equal(new SaveOutcome(SaveResult.Unchanged, 1), await Save("cat.png", TestFiles.Png));
        Assert.Equal(version, _store.Version);
    }

    [Fact]
    public async Task Deleting_adds_a_revision_and_a_later_upload_brings_the_file_back()
    {
        await Save("cat.png", TestFiles.Png);

        var deleted = await _store.DeleteAsync(FileName.Parse("cat.png"), Alice, CancellationToken.None);
        Assert.Equal(new SaveOutcome(SaveResult.Deleted, 2), deleted);
        Assert.Empty(_store.AllFiles());
        Assert.Null(_store.ReadContent(FileName.Parse("cat.png"), 2));
        Assert.Equal(new SaveOutcome(SaveResult.NothingToDelete, 2), await _store.DeleteAsync(FileName.Parse("cat.png"), Alice, CancellationToken.None));

        Assert.Equal(new SaveOutcome(SaveResult.Saved, 3), await Save("cat.png", TestFiles.Png));
        Assert.Equal(["cat.png"], _store.AllFiles().Select(f => f.Name.Value));
    }

    [Fact]
    public async Task Files_and_their_revisions_survive_a_restart()
    {
        await Save("b.gif", TestFiles.Gif, FileTypes.Gif);
        await Save("a.pdf", TestFiles.Pdf, FileTypes.Pdf);

        _temp.Reopen();
        _store = Open();

        Assert.Equal(["a.pdf", "b.gif"], _store.AllFiles().Select(f => f.Name.Value));
        Assert.Equal(TestFiles.Gif, _store.ReadContent(FileName.Parse("b.gif"), 1)!.Bytes);
        Assert.Equal(["a.pdf", "b.gif"], _store.RecentChanges(10).Select(f => f.Name.Value));
    }

    [Fact]
    public async Task A_large_file_is_stored_in_chunks_and_read_back_whole()
    {
        var big = new byte[1_048_576];
        TestFiles.Png.CopyTo(big, 0);
        new Random(7).NextBytes(big.AsSpan(TestFiles.Png.Length));

        await Save("big.png", big);

        Assert.Equal(big, _store.ReadContent(FileName.Parse("big.png"), 1)!.Bytes);
        Assert.True(_temp.Database.Database.GetCollection("files_chunks").Count() > 1);
    }

    private (int Revisions, List<string> Damage) Check()
    {
        var (revisions, damage) = _store.VerifyAll();
        return (revisions, damage.ToList());
    }

    [Fact]
    public async Task Damaged_content_is_never_returned()
    {
        await Save("cat.png", TestFiles.Png);
        await Save("b.gif", TestFiles.Gif, FileTypes.Gif);
        Assert.Equal(2, Check().Revisions);
        Assert.Empty(Check().Damage);
        var chunks = _temp.Database.Database.GetCollection("files_chunks");
        var chunk = chunks.FindAll().Single(c => c["_id"]["f"].AsString.StartsWith("cat.png", StringComparison.Ordinal));
        var data = chunk["data"].AsBinary;
        data[^1] ^= 0x01;
        chunk["data"] = data;
        chunks.Update(chunk);

        var damage = Assert.Throws<DamagedFileException>(() => _store.ReadContent(FileName.Parse("cat.png"), 1));
        Assert.Equal("Revision 1 of file 'cat.png' is damaged: the content does not match its SHA-256", damage.Message);
        Assert.Equal(["revision 1 of file 'cat.png': the content does not match its SHA-256"], Check().Damage);
    }

    [Fact]
    public async Task Stores_with_different_prefixes_keep_their_files_apart()
    {
        var other = new LiteFileStore(_temp.Database, _temp.Time, "space_files");
        other.Initialize();
        await Save("cat.png", TestFiles.Png);

        Assert.Null(other.Find(FileName.Parse("cat.png")));
        Assert.Empty(other.RecentChanges(10));
    }

    [Fact]
    public async Task A_full_disk_refuses_the_upload_and_changes_nothing()
    {
        using var database = WikiDatabase.Open(Path.Combine(_temp.Directory, "full"), new DiskSpace(() => 10, 100));
        var full = new LiteFileStore(database, _temp.Time);
        full.Initialize();

        await Assert.ThrowsAsync<StorageFullException>(() => full.SaveAsync(FileName.Parse("cat.png"), TestFiles.Png, FileTypes.Png, Alice, CancellationToken.None));
        Assert.Null(full.Find(FileName.Parse("cat.png")));
        Assert.Equal(0, full.Version);
    }
}
