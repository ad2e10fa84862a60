using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiWiki.Server.Tests.Wiki;

/// <summary>Files and the archive as a client meets them: real TLS, Titan, the server's own wiring and route order.</summary>
public sealed class FilesOverTlsTests : IAsyncLifetime
{
    private readonly X509Certificate2 _alice = TestCertificates.Create("alice");
    private TestServer _server = null!;

    private TestClient Alice => new(_server.Port, _alice);

    private TestClient Anonymous => new(_server.Port);

    public async Task InitializeAsync()
    {
        var gate = new CertificateListGate(new Dictionary<Fingerprint, string> { [Fingerprint.Of(_alice)] = "alice" });
        _server = await TestServer.StartAsync(
            settings: [("Wiki:PublicArchive", "true"), ("Wiki:Spaces:0:Name", "docs"), ("Wiki:Spaces:0:Title", "Docs")],
            services: services => services.AddSingleton<IAccessGate<Visitor>>(gate));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _alice.Dispose();
    }

    [Fact]
    public async Task A_png_uploaded_with_titan_comes_back_byte_for_byte_as_image_png()
    {
        var upload = await Alice.SendAsync($"titan://localhost:{_server.Port}/file/cat.png;mime=image/png;size={TestFiles.Png.Length}", TestFiles.Png);
        Assert.Equal((30, $"gemini://localhost:{_server.Port}/file/cat.png"), (upload.Status, upload.Meta));

        var served = await Anonymous.GetAsync("/file/cat.png");

        Assert.Equal((20, "image/png"), (served.Status, served.Meta));
        Assert.Equal(TestFiles.Png, served.Body);
        Assert.True(served.CloseNotifyReceived);
        Assert.Contains("=> /file/cat.png cat.png", (await Anonymous.GetAsync("/do/files")).Text, StringComparison.Ordinal);
        Assert.Contains("cat.png (file, revision 1) by alice", (await Anonymous.GetAsync("/do/changes")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_uploaded_in_a_space_is_served_under_its_prefix_and_listed_in_its_changes_only()
    {
        var upload = await Alice.SendAsync($"titan://localhost:{_server.Port}/docs/file/cat.png;mime=image/png;size={TestFiles.Png.Length}", TestFiles.Png);
        Assert.Equal((30, $"gemini://localhost:{_server.Port}/docs/file/cat.png"), (upload.Status, upload.Meta));

        var inSpace = await Anonymous.GetAsync("/docs/file/cat.png");
        var atRoot = await Anonymous.GetAsync("/file/cat.png");

        Assert.Equal((20, "image/png"), (inSpace.Status, inSpace.Meta));
        Assert.Equal(TestFiles.Png, inSpace.Body);
        Assert.Equal(51, atRoot.Status);
        Assert.Contains("=> /docs/file/cat.png/1 ", (await Anonymous.GetAsync("/docs/do/changes")).Text, StringComparison.Ordinal);
        Assert.Contains("Docs: cat.png (file, revision 1) by alice", (await Anonymous.GetAsync("/do/all/changes")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("cat.png", (await Anonymous.GetAsync("/do/changes")).Text, StringComparison.Ordinal);
        Assert.Equal(20, (await Anonymous.GetAsync("/docs/do/data")).Status);
    }

    [Fact]
    public async Task Without_an_identity_the_upload_is_refused_and_nothing_is_stored()
    {
        var upload = await Anonymous.SendAsync($"titan://localhost:{_server.Port}/file/dog.png;mime=image/png;size={TestFiles.Png.Length}", TestFiles.Png);

        Assert.Equal(60, upload.Status);
        Assert.Null(_server.Services.GetRequiredService<IFileStore>().Find(FileName.Parse("dog.png")));
    }

    [Fact]
    public async Task Html_declared_as_an_image_is_refused_over_the_wire()
    {
        var upload = await Alice.SendAsync($"titan://localhost:{_server.Port}/file/x.png;mime=image/png;size={TestFiles.Html.Length}", TestFiles.Html);

        Assert.Equal((59, "The content is not a PNG image (it must start with \\x89PNG); nothing was saved. Upload it with its real type"), (upload.Status, upload.Meta));
    }

    [Fact]
    public async Task A_public_archive_is_a_tar_gz_with_the_shipped_page_and_the_uploaded_file()
    {
        await Alice.SendAsync($"titan://localhost:{_server.Port}/file/pic.gif;mime=image/gif;size={TestFiles.Gif.Length}", TestFiles.Gif);

        var archive = await Anonymous.GetAsync("/do/data");

        Assert.Equal((20, "application/gzip"), (archive.Status, archive.Meta));
        using var reader = new TarReader(new GZipStream(new MemoryStream(archive.Body), CompressionMode.Decompress));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Contains("page/Home.gmi", names);
        Assert.Contains("file/pic.gif", names);
    }
}
