using System.Formats.Tar;
using System.IO.Compression;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Archive;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Tests.Files;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Tests.Archive;

public sealed class ArchiveTests : IDisposable
{
    private static readonly PageAuthor Alice = new("alice", null);
    private readonly FileHarness _wiki = new();

    public void Dispose() => _wiki.Dispose();

    private async Task SeedAsync()
    {
        await _wiki.Pages.SaveAsync(PageName.Parse("Home"), "# Home\n=> /file/cat.png A cat\n", PageFormat.Gemtext, Alice, CancellationToken.None);
        await _wiki.Pages.SaveAsync(PageName.Parse("Über uns"), "# Über uns\n", PageFormat.Gemtext, Alice, CancellationToken.None);
        await _wiki.Pages.SaveAsync(PageName.Parse("Notes"), "**bold**\n", PageFormat.Markdown, Alice, CancellationToken.None);
        await _wiki.Pages.SaveAsync(PageName.Parse("Gone"), "bye\n", PageFormat.Gemtext, Alice, CancellationToken.None);
        await _wiki.Pages.DeleteAsync(PageName.Parse("Gone"), Alice, CancellationToken.None);
        await _wiki.Files.SaveAsync(FileName.Parse("cat.png"), TestFiles.Png, FileTypes.Png, Alice, CancellationToken.None);
        await _wiki.Files.SaveAsync(FileName.Parse("notes.png"), TestFiles.Text, FileTypes.PlainText, Alice, CancellationToken.None);
        await _wiki.Files.SaveAsync(FileName.Parse("old.pdf"), TestFiles.Pdf, FileTypes.Pdf, Alice, CancellationToken.None);
        await _wiki.Files.DeleteAsync(FileName.Parse("old.pdf"), Alice, CancellationToken.None);
    }

    private static List<(string Name, byte[] Data)> Entries(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var entries = new List<(string, byte[])>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries.Add((entry.Name, data.ToArray()));
        }

        return entries;
    }

    [Fact]
    public async Task Do_data_answers_a_tar_gz_of_the_current_pages_and_files_in_phoebes_layout()
    {
        await SeedAsync();

        var response = await _wiki.GetAsync("/do/data");

        Assert.Equal((20, "application/gzip"), (response.Code, response.Meta));
        var entries = Entries(response.BodyFile!);
        Assert.Equal(
            ["page/Home.gmi", "page/Notes.md", "page/Über uns.gmi", "meta/cat.png", "file/cat.png", "meta/notes.png", "file/notes.png"],
            entries.Select(e => e.Name));
        Assert.Equal("# Home\n=> /file/cat.png A cat\n"u8.ToArray(), entries[0].Data);
        Assert.Equal("content-type: image/png\n"u8.ToArray(), entries[3].Data);
        Assert.Equal(TestFiles.Png, entries[4].Data);
    }

    [Fact]
    public async Task The_archive_is_built_once_until_a_page_or_file_changes()
    {
        await SeedAsync();
        var first = (await _wiki.GetAsync("/do/data")).BodyFile;
        Assert.Equal(first, (await _wiki.GetAsync("/do/data")).BodyFile);

        await _wiki.Pages.SaveAsync(PageName.Parse("Home"), "# Home again\n", PageFormat.Gemtext, Alice, CancellationToken.None);
        var afterPage = (await _wiki.GetAsync("/do/data")).BodyFile;
        Assert.NotEqual(first, afterPage);
        Assert.Equal("# Home again\n"u8.ToArray(), Entries(afterPage!).Single(e => e.Name == "page/Home.gmi").Data);

        await _wiki.Files.DeleteAsync(FileName.Parse("cat.png"), Alice, CancellationToken.None);
        var afterFile = (await _wiki.GetAsync("/do/data")).BodyFile;
        Assert.NotEqual(afterPage, afterFile);
        Assert.DoesNotContain(Entries(afterFile!), e => e.Name == "file/cat.png");
    }

    [Fact]
    public async Task Exporting_then_importing_into_a_fresh_database_gives_the_same_pages_and_files()
    {
        await SeedAsync();
        var archive = (await _wiki.GetAsync("/do/data")).BodyFile!;

        using var fresh = new FileHarness();
        using var stream = File.OpenRead(archive);
        var report = await new ArchiveImport(fresh.Pages, fresh.Files, Limits()).ImportAsync(ArchiveImport.ReadArchive(stream), CancellationToken.None);

        Assert.Equal(new ImportReport(3, 2, 0, 2, []), report with { Skipped = [] });
        Assert.Empty(report.Skipped);
        Assert.Equal(
            _wiki.Pages.AllPages().Select(p => (p.Name.Value, p.Text, p.Format)),
            fresh.Pages.AllPages().Select(p => (p.Name.Value, p.Text, p.Format)));
        Assert.All(fresh.Pages.AllPages(), p => Assert.Equal("import", p.Author.Label));
        Assert.Equal(
            _wiki.Files.AllFiles().Select(f => (f.Name.Value, f.MediaType, _wiki.Files.ReadContent(f.Name, f.Revision)!.Bytes)),
            fresh.Files.AllFiles().Select(f => (f.Name.Value, f.MediaType, fresh.Files.ReadContent(f.Name, f.Revision)!.Bytes)));
        Assert.All(fresh.Files.AllFiles(), f => Assert.Equal("import", f.Author.Label));
    }

    [Fact]
    public async Task A_phoebe_folder_is_imported_and_bad_entries_are_reported_and_skipped()
    {
        var folder = Path.Combine(_wiki.Database.Directory, "phoebe");
        Write(folder, "page/Home.gmi", "# Welcome\n"u8.ToArray());
        Write(folder, "page/Über uns.gmi", "# Über uns\n"u8.ToArray());
        Write(folder, "page/Readme.txt", "not a page\n"u8.ToArray());
        Write(folder, "page/Latin1.gmi", [0x47, 0xFC, 0x0A]);
        Write(folder, "page/Big.gmi", new byte[200]);
        Write(folder, "file/cat.jpg", TestFiles.Jpeg);
        Write(folder, "meta/cat.jpg", "content-type: image/jpeg\n"u8.ToArray());
        Write(folder, "file/evil.png", TestFiles.Html);
        Write(folder, "file/page.html", TestFiles.Html);
        Write(folder, "meta/page.html", "content-type: text/html\n"u8.ToArray());
        Write(folder, "changes.log", "1\tHome\n"u8.ToArray());
        Write(folder, "keep/Home/1.gmi", "old\n"u8.ToArray());

        var import = new ArchiveImport(_wiki.Pages, _wiki.Files, Limits() with { MaxPageBytes = 100 });
        var report = await import.ImportAsync(ArchiveImport.ReadFolder(folder), CancellationToken.None);

        Assert.Equal((2, 1, 0, 4), (report.Pages, report.Files, report.Unchanged, report.Ignored));
        Assert.Equal(
            [
                "file/evil.png: The content is not a PNG image (it must start with \\x89PNG)",
                "file/page.html: files of type text/html are not accepted here (Wiki:FileTypes: image/png, image/jpeg, image/gif, image/webp, application/pdf, text/plain)",
                "page/Big.gmi: 200 bytes is over the limit of 100 bytes per page (Wiki:MaxPageBytes)",
                "page/Latin1.gmi: the page is not valid UTF-8 text",
                "page/Readme.txt: a page must be a .gmi or .md file",
            ],
            report.Skipped);
        Assert.Equal(["Home", "Über uns"], _wiki.Pages.AllPages().Select(p => p.Name.Value));
        Assert.Equal(("cat.jpg", FileTypes.Jpeg), (_wiki.Files.AllFiles().Single().Name.Value, _wiki.Files.AllFiles().Single().MediaType));
    }

    [Fact]
    public async Task A_folder_of_gmi_files_alone_is_read_as_pages_and_importing_twice_changes_nothing()
    {
        var folder = Path.Combine(_wiki.Database.Directory, "pages");
        Write(folder, "Home.gmi", "# Home\n"u8.ToArray());
        Write(folder, "Notes.md", "# Notes\n"u8.ToArray());

        var first = await new ArchiveImport(_wiki.Pages, _wiki.Files, Limits()).ImportAsync(ArchiveImport.ReadFolder(folder), CancellationToken.None);
        var second = await new ArchiveImport(_wiki.Pages, _wiki.Files, Limits()).ImportAsync(ArchiveImport.ReadFolder(folder), CancellationToken.None);

        Assert.Equal((2, 0), (first.Pages, first.Unchanged));
        Assert.Equal((0, 2), (second.Pages, second.Unchanged));
        Assert.Equal(PageFormat.Markdown, _wiki.Pages.Find(PageName.Parse("Notes"))!.Format);
    }

    [Fact]
    public async Task A_damaged_archive_keeps_what_came_before_and_reports_the_rest()
    {
        await SeedAsync();
        var whole = await File.ReadAllBytesAsync((await _wiki.GetAsync("/do/data")).BodyFile!);
        using var gzip = new GZipStream(new MemoryStream(whole), CompressionMode.Decompress);
        using var tar = new MemoryStream();
        await gzip.CopyToAsync(tar);
        // The first entry (PAX header, header and data, three 512-byte blocks) then garbage.
        var cut = tar.ToArray()[..1536].Concat(Enumerable.Repeat((byte)'x', 1024)).ToArray();

        using var fresh = new FileHarness();
        var report = await new ArchiveImport(fresh.Pages, fresh.Files, Limits()).ImportAsync(ArchiveImport.ReadArchive(new MemoryStream(cut)), CancellationToken.None);

        Assert.Equal(1, report.Pages);
        Assert.StartsWith("the archive is damaged or not a tar archive, so nothing after this point was read (", Assert.Single(report.Skipped), StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_a_big_archive_is_built_the_request_gets_44_and_the_next_one_the_file()
    {
        var slow = new SlowFileStore();
        using var wiki = new FileHarness(store: slow.Wrapping(new FileHarness()));
        await wiki.Files.SaveAsync(FileName.Parse("cat.png"), TestFiles.Png, FileTypes.Png, Alice, CancellationToken.None);

        var waiting = wiki.GetAsync("/do/data");
        wiki.Time.Advance(ArchiveRoutes.AnswerWithin);
        var busy = await waiting;
        Assert.Equal((44, "10"), (busy.Code, busy.Meta));

        slow.Release();
        await wiki.Archive.CurrentAsync();
        Assert.Equal(20, (await wiki.GetAsync("/do/data")).Code);
        slow.Inner!.Dispose();
    }

    [Fact]
    public async Task Leftovers_of_an_earlier_run_go_and_each_build_keeps_only_the_previous_archive()
    {
        var folder = Path.Combine(_wiki.Database.Directory, "archives");
        Directory.CreateDirectory(folder);
        string[] leftovers = ["wiki-99.tar.gz", ".wiki-3.tmp"];
        string[] others = ["wiki-notes-1.tar.gz", "notes-1.tar.gz", "readme.txt"];
        foreach (var file in leftovers.Concat(others))
        {
            await File.WriteAllTextAsync(Path.Combine(folder, file), "x");
        }

        var cache = new ArchiveCache(_wiki.Pages, _wiki.Files, folder, "wiki", Storage.DiskSpace.Unlimited);
        Assert.Equal(others.Order(StringComparer.Ordinal), Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        foreach (var text in new[] { "one\n", "two\n", "three\n" })
        {
            await _wiki.Pages.SaveAsync(PageName.Parse("Home"), text, PageFormat.Gemtext, Alice, CancellationToken.None);
            await cache.CurrentAsync();
        }

        Assert.Equal(["notes-1.tar.gz", "readme.txt", "wiki-2.tar.gz", "wiki-3.tar.gz", "wiki-notes-1.tar.gz"], Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false, RouteAccess.Admin)]
    [InlineData(true, RouteAccess.Read)]
    public void Do_data_is_for_admins_unless_the_archive_is_public(bool isPublic, RouteAccess access)
    {
        var routes = new RouteTable<Visitor>();
        new ArchiveRoutes(GeminiWiki.Domain.Spaces.SpaceMount.Root, _wiki.Archive, isPublic, _wiki.Time).MapRoutes(routes);

        Assert.Equal(access, routes.Match(Protocol.Requests.GeminiScheme.Gemini, "/do/data")!.Route.Access);
    }

    private static ImportLimits Limits() => new(100, 100_000, 1_048_576, FileTypes.Checkable);

    private static void Write(string folder, string path, byte[] content)
    {
        var full = Path.Combine(folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    /// <summary>A file store whose content reads wait until the test lets them go: a build that takes as long as the test wants.</summary>
    private sealed class SlowFileStore : IFileStore
    {
        private readonly ManualResetEventSlim _gate = new();
        private IFileStore _store = null!;

        public FileHarness? Inner { get; private set; }

        public IFileStore Wrapping(FileHarness inner)
        {
            Inner = inner;
            _store = inner.Files;
            return this;
        }

        public void Release() => _gate.Set();

        public long Version => _store.Version;

        public StoredFile? Find(FileName name) => _store.Find(name);

        public IReadOnlyList<StoredFile> AllFiles() => _store.AllFiles();

        public IReadOnlyList<StoredFile> History(FileName name) => _store.History(name);

        public IReadOnlyList<StoredFile> RecentChanges(int count) => _store.RecentChanges(count);

        public FileContent? ReadContent(FileName name, int revision)
        {
            _gate.Wait();
            return _store.ReadContent(name, revision);
        }

        public Task<SaveOutcome> SaveAsync(FileName name, ReadOnlyMemory<byte> content, string mediaType, PageAuthor author, CancellationToken cancellationToken) =>
            _store.SaveAsync(name, content, mediaType, author, cancellationToken);

        public Task<SaveOutcome> DeleteAsync(FileName name, PageAuthor author, CancellationToken cancellationToken) =>
            _store.DeleteAsync(name, author, cancellationToken);
    }
}
