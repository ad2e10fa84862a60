using System.Net;
using System.Text;
using GeminiWiki.Domain.Capsule;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Tests.Capsule;

/// <summary>The capsule against a real folder in the temp directory, symbolic links included.</summary>
public sealed class StaticCapsuleTests : IDisposable
{
    private const string GemtextMime = "text/gemini; charset=utf-8; lang=en";

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("geminiwiki-capsule-");
    private readonly string _root;
    private readonly StaticCapsule _capsule;

    public StaticCapsuleTests()
    {
        _root = Path.Join(_temp.FullName, "content");
        Write("index.gmi", "# Home\r\nWelcome\r\n=> about.md About\r\n");
        Write("about.md", "# About\n\nA *small* capsule.\n");
        Write("notes.txt", "plain notes\n");
        Write("logo.png", "\x89PNG");
        Write("data.bin", "\0\x01\x02");
        Write("Folder With Space/page.gmi", "spaced\n");
        Write("docs/index.md", "## Docs\n");
        Write("both/index.gmi", "from gmi\n");
        Write("both/index.md", "from md\n");
        Directory.CreateDirectory(Path.Join(_root, "empty"));
        Write(".hidden.gmi", "hidden\n");
        Write(".git/config", "[core]\n");
        Write("sub/.secret.gmi", "secret\n");
        Write("sub/page.gmi", "sub page\n");
        File.WriteAllText(Path.Join(_temp.FullName, "outside.gmi"), "outside\n");
        Directory.CreateDirectory(Path.Join(_temp.FullName, "outside-dir"));
        File.WriteAllText(Path.Join(_temp.FullName, "outside-dir", "index.gmi"), "outside dir\n");
        File.WriteAllText(Path.Join(_temp.FullName, "outside-dir", "page.gmi"), "outside page\n");

        // Links that stay inside the folder are fine; links that leave it are never followed.
        File.CreateSymbolicLink(Path.Join(_root, "alias.gmi"), "index.gmi");
        Directory.CreateSymbolicLink(Path.Join(_root, "alias-dir"), Path.Join(_root, "sub"));
        File.CreateSymbolicLink(Path.Join(_root, "escape.gmi"), Path.Join(_temp.FullName, "outside.gmi"));
        File.CreateSymbolicLink(Path.Join(_root, "escape-relative.gmi"), "../outside.gmi");
        Directory.CreateSymbolicLink(Path.Join(_root, "escape-dir"), Path.Join(_temp.FullName, "outside-dir"));
        File.CreateSymbolicLink(Path.Join(_root, "sub", "escape-up.gmi"), "../../outside.gmi");
        File.CreateSymbolicLink(Path.Join(_root, "config.txt"), ".git/config");
        File.CreateSymbolicLink(Path.Join(_root, "loop-a.gmi"), "loop-b.gmi");
        File.CreateSymbolicLink(Path.Join(_root, "loop-b.gmi"), "loop-a.gmi");
        Directory.CreateSymbolicLink(Path.Join(_root, "via"), Path.Join(_temp.FullName, "outside-dir"));
        // "via/.." is the parent of the link's target, not the folder holding the link: the
        // decoy inside the folder must not be what the check sees while the kernel opens the other.
        Write("outside.gmi", "decoy inside\n");
        File.CreateSymbolicLink(Path.Join(_root, "tricky.gmi"), "via/../outside.gmi");

        _capsule = new StaticCapsule(_root, "en");
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Theory]
    [InlineData("/", "# Home\nWelcome\n=> about.md About\n")]
    [InlineData("/index.gmi", "# Home\nWelcome\n=> about.md About\n")]
    [InlineData("/about.md", "# About\n\nA small capsule.\n")]
    [InlineData("/docs/", "## Docs\n")]
    [InlineData("/both/", "from gmi\n")]
    [InlineData("/sub/page.gmi", "sub page\n")]
    [InlineData("/Folder%20With%20Space/page.gmi", "spaced\n")]
    [InlineData("/alias.gmi", "# Home\nWelcome\n=> about.md About\n")]
    [InlineData("/alias-dir/page.gmi", "sub page\n")]
    public async Task Serves_gemtext_and_markdown_as_text_gemini_with_the_language(string path, string body)
    {
        var response = await HandleAsync(path);

        Assert.Equal(GeminiStatus.Success, response.Status);
        Assert.Equal(GemtextMime, response.Meta);
        Assert.Equal(body, Encoding.UTF8.GetString(response.Body.Span));
    }

    [Theory]
    [InlineData("/notes.txt", "text/plain; charset=utf-8", "notes.txt")]
    [InlineData("/logo.png", "image/png", "logo.png")]
    [InlineData("/data.bin", "application/octet-stream", "data.bin")]
    public async Task Streams_other_files_with_the_type_of_their_extension(string path, string meta, string file)
    {
        var response = await HandleAsync(path);

        Assert.Equal(GeminiStatus.Success, response.Status);
        Assert.Equal(meta, response.Meta);
        Assert.Equal(Path.Join(_root, file), response.BodyFile);
    }

    [Fact]
    public async Task Without_a_language_the_lang_parameter_is_left_out()
    {
        var capsule = new StaticCapsule(_root, string.Empty);

        var response = await capsule.HandleAsync(Request("/"), CancellationToken.None);

        Assert.Equal("text/gemini; charset=utf-8", response.Meta);
    }

    [Fact]
    public async Task Gemtext_is_served_without_a_byte_order_mark()
    {
        File.WriteAllText(Path.Join(_root, "bom.gmi"), "# BOM\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var response = await HandleAsync("/bom.gmi");

        Assert.Equal("# BOM\n", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Theory]
    [InlineData("/docs", null, "gemini://localhost/docs/")]
    [InlineData("/docs", "x=1", "gemini://localhost/docs/?x=1")]
    [InlineData("/Folder%20With%20Space", null, "gemini://localhost/Folder%20With%20Space/")]
    public async Task A_directory_without_its_slash_is_redirected_to_it(string path, string? query, string target)
    {
        var response = await _capsule.HandleAsync(Request(path, query), CancellationToken.None);

        Assert.Equal(GeminiStatus.PermanentRedirect, response.Status);
        Assert.Equal(target, response.Meta);
    }

    [Fact]
    public async Task The_redirect_keeps_the_port_the_client_used()
    {
        var response = await _capsule.HandleAsync(Request("/docs") with { Port = 1966 }, CancellationToken.None);

        Assert.Equal("gemini://localhost:1966/docs/", response.Meta);
    }

    [Theory]
    // Missing things.
    [InlineData("/missing.gmi")]
    [InlineData("/missing/")]
    [InlineData("/empty/")]
    [InlineData("/index.gmi/")]
    // Hidden files and folders, directly or through a link inside the folder.
    [InlineData("/.hidden.gmi")]
    [InlineData("/.git/config")]
    [InlineData("/.git/")]
    [InlineData("/sub/.secret.gmi")]
    [InlineData("/%2ehidden.gmi")]
    [InlineData("/config.txt")]
    // Links that leave the folder: absolute, relative, a directory, from a subfolder, through a "..".
    [InlineData("/escape.gmi")]
    [InlineData("/escape-relative.gmi")]
    [InlineData("/escape-dir/")]
    [InlineData("/escape-dir/page.gmi")]
    [InlineData("/sub/escape-up.gmi")]
    [InlineData("/tricky.gmi")]
    [InlineData("/via/page.gmi")]
    // A link loop.
    [InlineData("/loop-a.gmi")]
    // Traversal that slipped past the parser, plain or encoded: '.', '..', '/', '\' and NUL in a segment.
    [InlineData("/../outside.gmi")]
    [InlineData("/%2e%2e/outside.gmi")]
    [InlineData("/%2E%2E/outside.gmi")]
    [InlineData("/sub/%2e%2e/%2e%2e/outside.gmi")]
    [InlineData("/./index.gmi")]
    [InlineData("/..%2Foutside.gmi")]
    [InlineData("/sub%2F..%2F..%2Foutside.gmi")]
    [InlineData("/sub%2fpage.gmi")]
    [InlineData("/..%5Coutside.gmi")]
    [InlineData("/sub%5Cpage.gmi")]
    [InlineData("/index.gmi%00.txt")]
    // Escapes that are not UTF-8.
    [InlineData("/%FF.gmi")]
    public async Task Refuses_with_not_found(string path)
    {
        var response = await HandleAsync(path);

        Assert.Equal(GeminiStatus.NotFound, response.Status);
        Assert.Equal("Not found", response.Meta);
    }

    [Theory]
    // The parser normalises or refuses these before the capsule sees them.
    [InlineData("gemini://localhost/a/%2e%2e/index.gmi", GeminiStatus.Success)]
    [InlineData("gemini://localhost/%2e%2e/outside.gmi", GeminiStatus.BadRequest)]
    [InlineData("gemini://localhost/sub/%2E%2E/%2e%2E/outside.gmi", GeminiStatus.BadRequest)]
    [InlineData("gemini://localhost/%2e%2e%2foutside.gmi", GeminiStatus.NotFound)]
    [InlineData("gemini://localhost/sub%2f%2e%2e%2f%2e%2e%2foutside.gmi", GeminiStatus.NotFound)]
    [InlineData("gemini://localhost", GeminiStatus.Success)]
    [InlineData("gemini://localhost/docs", GeminiStatus.PermanentRedirect)]
    public async Task Whole_requests_through_the_parser(string url, GeminiStatus status)
    {
        var served = new ServedAuthority(["localhost"], 1965, acceptTitan: true);
        GeminiResponse response;
        if (RequestParser.TryParse(Encoding.UTF8.GetBytes(url), served, IPAddress.Loopback, out var request, out var reason))
        {
            response = await _capsule.HandleAsync(request!, CancellationToken.None);
        }
        else
        {
            response = RequestRejection.ToResponse(reason);
        }

        Assert.Equal(status, response.Status);
    }

    [Fact]
    public async Task The_empty_path_is_never_redirected()
    {
        var response = await HandleAsync("/");

        Assert.Equal(GeminiStatus.Success, response.Status);
    }

    [Fact]
    public async Task A_missing_content_folder_answers_not_found()
    {
        var capsule = new StaticCapsule(Path.Join(_temp.FullName, "nowhere"), "en");

        var response = await capsule.HandleAsync(Request("/"), CancellationToken.None);

        Assert.Equal(GeminiStatus.NotFound, response.Status);
    }

    [Fact]
    public async Task A_content_folder_reached_through_a_link_still_serves()
    {
        var link = Path.Join(_temp.FullName, "content-link");
        Directory.CreateSymbolicLink(link, _root);
        var capsule = new StaticCapsule(link, "en");

        Assert.Equal(GeminiStatus.Success, (await capsule.HandleAsync(Request("/sub/page.gmi"), CancellationToken.None)).Status);
        Assert.Equal(GeminiStatus.NotFound, (await capsule.HandleAsync(Request("/escape.gmi"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Titan_uploads_are_not_static_files()
    {
        var response = await _capsule.HandleAsync(Request("/index.gmi") with { Scheme = GeminiScheme.Titan }, CancellationToken.None);

        Assert.Equal(GeminiStatus.BadRequest, response.Status);
    }

    [Fact]
    public async Task An_edited_file_is_served_fresh_after_being_cached()
    {
        Write("cached.gmi", "# First\n");
        Assert.Contains("First", Text(await HandleAsync("/cached.gmi")));

        Write("cached.gmi", "# Second version\n");
        File.SetLastWriteTimeUtc(Path.Join(_root, "cached.gmi"), DateTime.UtcNow.AddMinutes(1));

        Assert.Contains("Second version", Text(await HandleAsync("/cached.gmi")));
    }

    [Fact]
    public async Task A_deleted_file_is_not_served_from_the_cache()
    {
        Write("gone.gmi", "# Soon gone\n");
        Assert.Equal(GeminiStatus.Success, (await HandleAsync("/gone.gmi")).Status);

        File.Delete(Path.Join(_root, "gone.gmi"));

        Assert.Equal(GeminiStatus.NotFound, (await HandleAsync("/gone.gmi")).Status);
    }

    [Fact]
    public async Task A_folder_index_added_beside_a_cached_one_takes_over()
    {
        Write("docs/index.md", "# From Markdown\n");
        Assert.Contains("From Markdown", Text(await HandleAsync("/docs/")));

        Write("docs/index.gmi", "# From gemtext\n");
        Directory.SetLastWriteTimeUtc(Path.Join(_root, "docs"), DateTime.UtcNow.AddMinutes(1));

        Assert.Contains("From gemtext", Text(await HandleAsync("/docs/")));
    }

    private static string Text(GeminiResponse response) => System.Text.Encoding.UTF8.GetString(response.Body.Span);

    private ValueTask<GeminiResponse> HandleAsync(string path) => _capsule.HandleAsync(Request(path), CancellationToken.None);

    private static GeminiRequest Request(string path, string? query = null) => new()
    {
        Url = "gemini://localhost" + path + (query is null ? string.Empty : "?" + query),
        Scheme = GeminiScheme.Gemini,
        Host = "localhost",
        Path = path,
        Query = query,
    };

    private void Write(string relativePath, string text)
    {
        var path = Path.Join(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
