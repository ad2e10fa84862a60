using GeminiWiki.Domain.Archive;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Server.Commands;

namespace GeminiWiki.Server.Tests.Storage;

public sealed class ImportCommandTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly string _source = Path.Combine(Path.GetTempPath(), "geminiwiki-import-tests", Guid.NewGuid().ToString("N"));

    public ImportCommandTests() => Directory.CreateDirectory(_source);

    public void Dispose()
    {
        _temp.Dispose();
        Directory.Delete(_source, recursive: true);
    }

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = AdminCommandLine.Run([.. args, "--Gemini:DataDirectory", _temp.Directory], output, error, _temp.Time);
        return (code, output.ToString(), error.ToString());
    }

    private void Write(string path, byte[] content)
    {
        var full = Path.Combine(_source, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    [Fact]
    public void A_phoebe_folder_is_imported_as_revisions_by_import()
    {
        Write("page/Home.gmi", "# Home\n=> /file/cat.png A cat\n"u8.ToArray());
        Write("file/cat.png", TestFiles.Png);
        _temp.Database.Dispose();

        var (code, output, error) = Run("import", _source);

        Assert.Equal((AdminCommandLine.Ok, string.Empty), (code, error));
        Assert.Equal($"Imported 1 pages and 1 files from {_source} (0 unchanged, 0 other entries ignored).\n", output.ReplaceLineEndings("\n"));
        _temp.Reopen();
        var pages = _temp.NewPageStore();
        Assert.Equal(("import", "# Home\n=> /file/cat.png A cat\n"), (pages.Find(PageName.Parse("Home"))!.Author.Label, pages.Find(PageName.Parse("Home"))!.Text));
        var files = new LiteFileStore(_temp.Database, _temp.Time);
        files.Initialize();
        Assert.Equal(TestFiles.Png, files.ReadContent(FileName.Parse("cat.png"), 1)!.Bytes);
    }

    [Fact]
    public void Bad_entries_are_named_on_stderr_and_the_exit_code_is_1()
    {
        Write("page/Good.gmi", "ok\n"u8.ToArray());
        Write("file/fake.pdf", TestFiles.Html);
        _temp.Database.Dispose();

        var (code, output, error) = Run("import", _source);

        Assert.Equal(AdminCommandLine.Failed, code);
        Assert.StartsWith("Imported 1 pages and 0 files", output, StringComparison.Ordinal);
        Assert.Equal("skipped: file/fake.pdf: The content is not a PDF document (it must start with %PDF-)\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task An_archive_from_do_data_is_imported()
    {
        var origin = _temp.NewPageStore();
        await origin.SaveAsync(PageName.Parse("Home"), "# From the archive\n", PageFormat.Gemtext, PageAuthor.System, CancellationToken.None);
        var archive = Path.Combine(_source, "wiki.tar.gz");
        using (var output = File.Create(archive))
        {
            WikiArchive.Write(output, origin.AllPages(), [], new LiteFileStore(_temp.Database, _temp.Time));
        }

        _temp.Database.Dispose();
        var empty = Path.Combine(_source, "empty-data");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = AdminCommandLine.Run(["import", archive, "--Gemini:DataDirectory", empty], stdout, stderr, _temp.Time);

        Assert.Equal((AdminCommandLine.Ok, string.Empty), (code, stderr.ToString()));
        Assert.StartsWith("Imported 1 pages and 0 files", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "import" }, AdminCommandLine.Usage, "usage: geminiwiki import <archive.tar.gz|folder> [--space NAME] [--config gemini.json] [--Gemini:DataDirectory folder]")]
    [InlineData(new[] { "import", "SOURCE", "--space", "notes" }, AdminCommandLine.Usage, "geminiwiki: there is no space 'notes' in Wiki:Spaces; this wiki has only its default space (leave out --space).")]
    [InlineData(new[] { "import", "SOURCE", "--space", "notes", "--Wiki:Spaces:0:Name", "docs", "--Wiki:Spaces:1:Name", "team" }, AdminCommandLine.Usage,
        "geminiwiki: there is no space 'notes' in Wiki:Spaces; the spaces are docs, team.")]
    [InlineData(new[] { "import", "SOURCE", "--space" }, AdminCommandLine.Usage, "geminiwiki import: --space needs the name of a space from Wiki:Spaces.")]
    public void Usage_mistakes_exit_64_saying_what_to_do(string[] args, int expected, string message)
    {
        _temp.Database.Dispose();

        var (code, _, error) = Run(args.Select(a => a == "SOURCE" ? _source : a).ToArray());

        Assert.Equal((expected, message + "\n"), (code, error.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void Import_with_space_writes_into_that_spaces_collections_only()
    {
        Write("page/Home.gmi", "# Docs home\n"u8.ToArray());
        Write("file/cat.png", TestFiles.Png);
        _temp.Database.Dispose();

        var (code, output, error) = Run("import", _source, "--space", "docs", "--Wiki:Spaces:0:Name", "docs");

        Assert.Equal((AdminCommandLine.Ok, string.Empty), (code, error));
        Assert.StartsWith($"Imported 1 pages and 1 files into space 'docs' from {_source}", output, StringComparison.Ordinal);
        _temp.Reopen();
        var docsPages = new LitePageStore(_temp.Database, _temp.Time, collectionPrefix: "space_docs_");
        docsPages.Initialize();
        var docsFiles = new LiteFileStore(_temp.Database, _temp.Time, "space_docs_files");
        docsFiles.Initialize();
        var defaultFiles = new LiteFileStore(_temp.Database, _temp.Time);
        defaultFiles.Initialize();
        Assert.Equal("# Docs home\n", docsPages.Find(PageName.Parse("Home"))!.Text);
        Assert.Null(_temp.NewPageStore().Find(PageName.Parse("Home")));
        Assert.Equal(TestFiles.Png, docsFiles.ReadContent(FileName.Parse("cat.png"), 1)!.Bytes);
        Assert.Null(defaultFiles.Find(FileName.Parse("cat.png")));
    }

    [Fact]
    public void A_running_server_holds_the_database_and_import_says_so_with_75()
    {
        Write("page/Home.gmi", "# Home\n"u8.ToArray());

        var (code, _, error) = Run("import", _source);

        Assert.Equal(AdminCommandLine.DatabaseInUse, code);
        Assert.Contains("Stop the server to import; nothing was imported.", error, StringComparison.Ordinal);
    }
}
