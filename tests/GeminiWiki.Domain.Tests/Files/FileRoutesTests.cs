using System.Text;
using System.Xml.Linq;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Tests.Wiki;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Tests.Files;

public sealed class FileRoutesTests : IDisposable
{
    private readonly FileHarness _wiki = new();

    public void Dispose() => _wiki.Dispose();

    private static string Text(GeminiResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    [Fact]
    public async Task An_uploaded_png_is_served_with_its_type_and_the_uploader_is_sent_to_it()
    {
        var upload = await _wiki.UploadAsync("/file/Cat%20Photo.png", TestFiles.Png, "image/png");

        Assert.Equal((30, "gemini://localhost:1965/file/Cat%20Photo.png"), (upload.Code, upload.Meta));
        var served = await _wiki.GetAsync("/file/cat%20photo.png");
        Assert.Equal((20, "image/png"), (served.Code, served.Meta));
        Assert.Equal(TestFiles.Png, served.Body.ToArray());
    }

    [Fact]
    public async Task Text_files_are_served_as_utf8_text()
    {
        await _wiki.UploadAsync("/file/notes.txt", TestFiles.Text, "text/plain; charset=utf-8");

        var served = await _wiki.GetAsync("/file/notes.txt");

        Assert.Equal((20, "text/plain; charset=utf-8"), (served.Code, served.Meta));
        Assert.Equal(TestFiles.Text, served.Body.ToArray());
    }

    [Fact]
    public async Task Every_revision_stays_readable_and_the_history_lists_them()
    {
        await _wiki.UploadAsync("/file/cat.png", TestFiles.Png, "image/png");
        _wiki.Time.Advance(TimeSpan.FromHours(1));
        await _wiki.UploadAsync("/file/cat.png", TestFiles.Gif, "image/gif");

        var first = await _wiki.GetAsync("/file/cat.png/1");
        Assert.Equal((20, "image/png"), (first.Code, first.Meta));
        Assert.Equal(TestFiles.Png, first.Body.ToArray());
        Assert.Equal((20, "image/gif"), ((await _wiki.GetAsync("/file/cat.png")).Code, (await _wiki.GetAsync("/file/cat.png")).Meta));
        Assert.Equal((51, "File 'cat.png' has no revision 3; its revisions: /do/file-history/cat.png"), Status(await _wiki.GetAsync("/file/cat.png/3")));

        var history = Text(await _wiki.GetAsync("/do/file-history/cat.png"));
        Assert.Contains("=> /file/cat.png/2 Revision 2 · 2026-11-23 13:00 UTC · alice · image/gif, 10 bytes\n", history, StringComparison.Ordinal);
        Assert.Contains($"=> /file/cat.png/1 Revision 1 · 2026-11-23 12:00 UTC · alice · image/png, {TestFiles.Png.Length} bytes\n", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_list_links_each_file_and_its_history_and_says_how_to_upload()
    {
        await _wiki.UploadAsync("/file/cat.png", TestFiles.Png, "image/png");
        await _wiki.UploadAsync("/file/a.pdf", TestFiles.Pdf, "application/pdf");

        var list = Text(await _wiki.GetAsync("/do/files"));

        Assert.Contains("=> /file/a.pdf a.pdf\napplication/pdf · ", list, StringComparison.Ordinal);
        Assert.Contains("=> /file/cat.png cat.png\nimage/png · 70 bytes · revision 1 · 2026-11-23 12:00 UTC · alice\n=> /do/file-history/cat.png History of cat.png\n", list, StringComparison.Ordinal);
        Assert.True(list.IndexOf("=> /file/a.pdf a.pdf", StringComparison.Ordinal) < list.IndexOf("=> /file/cat.png cat.png", StringComparison.Ordinal));
        Assert.Contains("Upload with Titan to titan://localhost:1965/file/<name>, as one of image/png, image/jpeg, image/gif, image/webp, application/pdf, text/plain, at most 1 MB.", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_upload_deletes_the_file_and_the_old_revisions_stay()
    {
        await _wiki.UploadAsync("/file/cat.png", TestFiles.Png, "image/png");

        var deleted = await _wiki.UploadAsync("/file/cat.png", [], "image/png");

        Assert.Equal((30, "gemini://localhost:1965/do/files"), Status(deleted));
        Assert.Equal((52, "File 'cat.png' was deleted in revision 2; its history: /do/file-history/cat.png"), Status(await _wiki.GetAsync("/file/cat.png")));
        Assert.Equal(20, (await _wiki.GetAsync("/file/cat.png/1")).Code);
        Assert.Contains("Revision 2 · 2026-11-23 12:00 UTC · alice · file deleted\n", Text(await _wiki.GetAsync("/do/file-history/cat.png")), StringComparison.Ordinal);
        Assert.Equal((51, "There is no file 'dog.png' to delete (an empty upload deletes a file)"), Status(await _wiki.UploadAsync("/file/dog.png", [], "image/png")));
    }

    [Fact]
    public async Task Html_passed_off_as_an_image_is_refused_after_reading_and_nothing_is_saved()
    {
        var response = await _wiki.UploadAsync("/file/cat.png", TestFiles.Html, "image/png");

        Assert.Equal((59, "The content is not a PNG image (it must start with \\x89PNG); nothing was saved. Upload it with its real type"), Status(response));
        Assert.Null(_wiki.Files.Find(FileName.Parse("cat.png")));
    }

    public static TheoryData<string, long, string, string?, string> RefusedBeforeTheBody => new()
    {
        { "/file/page.html", 10, "text/html", null, "Files can't be of type 'text/html'; upload one of image/png, image/jpeg, image/gif, image/webp, application/pdf, text/plain (set the MIME type in your client)" },
        { "/file/big.png", 1_048_577, "image/png", null, "Upload of 1048577 bytes is over this wiki's limit of 1048576 bytes per file" },
        { "/file/cat.png/1", 10, "image/png", null, "Upload to /file/cat.png, without a revision number: old revisions never change" },
        { "/file/notes.txt", 10, "text/plain; charset=latin1", null, "Text files are stored as UTF-8; send the text as charset=utf-8, not latin1" },
        { "/file/a%2Fb.png", 10, "image/png", null, "Not a file name: A file name cannot contain '/'" },
    };

    [Theory]
    [MemberData(nameof(RefusedBeforeTheBody))]
    public async Task Wrong_type_size_revision_charset_or_name_is_refused_before_the_body_is_read(string path, long size, string mime, string? token, string message)
    {
        var body = new RecordingBody(new byte[10]);

        var response = await _wiki.UploadAsync(path, size, body, mime, token);

        Assert.Equal((59, message), Status(response));
        Assert.False(body.WasRead);
    }

    [Fact]
    public async Task The_wikis_titan_token_is_asked_for_file_uploads_too()
    {
        using var wiki = new FileHarness(wiki: new WikiOptions { TitanToken = "s3cret" });
        var body = new RecordingBody(TestFiles.Png);

        Assert.Equal((59, "Wrong Titan token: check the token set in your client"), Status(await wiki.UploadAsync("/file/cat.png", TestFiles.Png.Length, body, "image/png", "wrong")));
        Assert.False(body.WasRead);
        Assert.Equal(30, (await wiki.UploadAsync("/file/cat.png", TestFiles.Png, "image/png", "s3cret")).Code);
    }

    [Fact]
    public async Task Only_the_configured_types_are_accepted()
    {
        using var wiki = new FileHarness(new WikiFileOptions { FileTypes = ["image/png"], MaxFileBytes = 100 });

        Assert.Equal((59, "Files can't be of type 'application/pdf'; upload one of image/png (set the MIME type in your client)"),
            Status(await wiki.UploadAsync("/file/a.pdf", TestFiles.Pdf, "application/pdf")));
        Assert.Equal(30, (await wiki.UploadAsync("/file/cat.png", TestFiles.Png, "image/png")).Code);
    }

    [Fact]
    public async Task Uploading_follows_the_edit_policy_and_reading_the_read_policy()
    {
        _wiki.Gate.EditRefusal = GeminiResponse.CertificateRequired("Activate a client certificate to edit");
        var body = new RecordingBody(TestFiles.Png);
        Assert.Equal(60, (await _wiki.UploadAsync("/file/cat.png", TestFiles.Png, "image/png", body: body)).Code);
        Assert.False(body.WasRead);

        _wiki.Gate.EditRefusal = null;
        await _wiki.UploadAsync("/file/cat.png", TestFiles.Png, "image/png");
        _wiki.Gate.ReadRefusal = GeminiResponse.CertificateNotAuthorised("This wiki is private");
        Assert.Equal(61, (await _wiki.GetAsync("/file/cat.png")).Code);
        Assert.Equal(61, (await _wiki.GetAsync("/do/files")).Code);
        Assert.Equal(61, (await _wiki.GetAsync("/do/file-history/cat.png")).Code);
    }

    [Fact]
    public async Task A_missing_file_says_where_files_are_and_how_to_upload()
    {
        Assert.Equal((51, "There is no file 'dog.png'. Files are listed at /do/files; upload one with Titan to /file/dog.png"), Status(await _wiki.GetAsync("/file/dog.png")));
        Assert.Equal((51, "There is no file 'dog.png'. Files are listed at /do/files"), Status(await _wiki.GetAsync("/do/file-history/dog.png")));
    }

    [Fact]
    public async Task Damaged_content_answers_40_instead_of_the_file()
    {
        await _wiki.UploadAsync("/file/cat.png", TestFiles.Png, "image/png");
        var chunks = _wiki.Database.Database.Database.GetCollection("files_chunks");
        var chunk = chunks.FindAll().Single();
        var data = chunk["data"].AsBinary;
        data[10] ^= 0x01;
        chunk["data"] = data;
        chunks.Update(chunk);

        Assert.Equal((40, "Revision 1 of file 'cat.png' is damaged on the server (its stored content fails its checksum), so it is not sent; an admin has been told. Other revisions: /do/file-history/cat.png"),
            Status(await _wiki.GetAsync("/file/cat.png")));
    }

    [Fact]
    public async Task File_changes_appear_in_recent_changes_and_the_feed_among_page_changes()
    {
        await _wiki.UploadAsync("/raw/Garden", "# Garden\n"u8.ToArray(), "text/gemini");
        _wiki.Time.Advance(TimeSpan.FromMinutes(1));
        await _wiki.UploadAsync("/file/cat.png", TestFiles.Png, "image/png");
        _wiki.Time.Advance(TimeSpan.FromMinutes(1));
        await _wiki.UploadAsync("/file/cat.png", [], "image/png");

        var changes = Text(await _wiki.GetAsync("/do/changes"));
        // One subscription line per change, files among pages, newest first.
        Assert.Contains(
            "\n=> /do/file-history/cat.png 2026-11-23 cat.png (file deleted) by alice at 12:02 UTC\n"
            + "=> /file/cat.png/1 2026-11-23 cat.png (file, revision 1) by alice at 12:01 UTC\n"
            + "=> /page/Garden/1 2026-11-23 Garden (revision 1) by alice at 12:00 UTC\n",
            changes,
            StringComparison.Ordinal);

        var feed = XDocument.Parse(Text(await _wiki.GetAsync("/do/atom")));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Equal(
            ["gemini://localhost:1965/file/cat.png/2", "gemini://localhost:1965/file/cat.png/1", "gemini://localhost:1965/page/Garden/1"],
            feed.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "id")!.Value));
        Assert.Equal($"Revision 1 by alice, image/png, {TestFiles.Png.Length} bytes",
            feed.Root.Elements(atom + "entry").ElementAt(1).Element(atom + "summary")!.Value);
    }

    private static (int, string) Status(GeminiResponse response) => (response.Code, response.Meta);
}
