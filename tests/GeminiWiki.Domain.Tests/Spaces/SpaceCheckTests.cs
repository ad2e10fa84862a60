using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Domain.Tests.Spaces;

public sealed class SpaceCheckTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Check_reads_every_spaces_pages_and_names_the_space_of_a_damaged_revision()
    {
        var author = new PageAuthor("alice", null);
        await _temp.NewPageStore().SaveAsync(PageName.Parse("Home"), "main\n", PageFormat.Gemtext, author, CancellationToken.None);
        var docs = new LitePageStore(_temp.Database, _temp.Time, collectionPrefix: new SpaceDefinition("docs", "Docs", "Home").CollectionPrefix);
        docs.Initialize();
        await docs.SaveAsync(PageName.Parse("Guide"), "a marker\n", PageFormat.Gemtext, author, CancellationToken.None);
        await docs.SaveAsync(PageName.Parse("Guide"), "fine\n", PageFormat.Gemtext, author, CancellationToken.None);
        var texts = _temp.Database.Database.GetCollection("space_docs_revision_texts");
        var first = texts.FindById(LitePageStore.RevisionId("guide", 1));
        Assert.NotNull(first);
        first["Text"] = "a Marker\n";
        texts.Update(first);

        var report = DatabaseCheck.Run(_temp.Database, addMissingHashes: false);

        Assert.Equal((2, 3), (report.Pages, report.Revisions));
        Assert.Equal(["revision 1 of 'Guide' in the space stored as 'space_docs_*': its text does not match its SHA-256"], report.Damage);
    }

    [Fact]
    public async Task Check_reads_every_spaces_file_revisions_and_names_a_damaged_one_with_its_space()
    {
        var author = new PageAuthor("alice", null);
        var main = new LiteFileStore(_temp.Database, _temp.Time);
        main.Initialize();
        await main.SaveAsync(FileName.Parse("cat.png"), TestFiles.Png, "image/png", author, CancellationToken.None);
        var docs = new LiteFileStore(_temp.Database, _temp.Time, new SpaceDefinition("docs", "Docs", "Home").CollectionPrefix + LiteFileStore.DefaultPrefix);
        docs.Initialize();
        await docs.SaveAsync(FileName.Parse("plan.pdf"), TestFiles.Pdf, "application/pdf", author, CancellationToken.None);
        var chunks = _temp.Database.Database.GetCollection("space_docs_files_chunks");
        var chunk = chunks.FindAll().Single();
        var data = chunk["data"].AsBinary;
        data[3] ^= 0x01;
        chunk["data"] = data;
        chunks.Update(chunk);

        var report = DatabaseCheck.Run(_temp.Database, addMissingHashes: false);

        Assert.Equal(2, report.FileRevisions);
        Assert.Contains(", 2 file revisions, ", report.Summary, StringComparison.Ordinal);
        Assert.Equal(["revision 1 of file 'plan.pdf' in the space stored as 'space_docs_*': the content does not match its SHA-256"], report.Damage);
    }
}
