using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Files;
using static GeminiWiki.Domain.Tests.Spaces.SpacesHarness;

namespace GeminiWiki.Domain.Tests.Spaces;

/// <summary>Files as a feature of every space: own store, routes under the space's prefix and policy, changes in the space's lists.</summary>
public sealed class SpaceFilesTests : IDisposable
{
    private readonly SpacesHarness _wiki = new();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _alice = TestCertificates.Create("alice");
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _stranger = TestCertificates.Create("stranger");

    public void Dispose()
    {
        _wiki.Dispose();
        _alice.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public async Task A_file_uploaded_in_a_space_is_served_there_and_not_by_the_default_space()
    {
        _wiki.Register(_alice, "alice");

        var upload = await _wiki.UploadAsync("/docs/file/cat.png", TestFiles.Png, "image/png", _alice);
        var inSpace = await _wiki.GetAsync("/docs/file/cat.png");
        var atRoot = await _wiki.GetAsync("/file/cat.png");
        var onHost = await _wiki.GetAsync("/file/cat.png", host: "docs.example");

        Assert.Equal((30, "gemini://localhost:1965/docs/file/cat.png"), (upload.Code, upload.Meta));
        Assert.Equal((20, "image/png"), (inSpace.Code, inSpace.Meta));
        Assert.Equal(TestFiles.Png, inSpace.Body.ToArray());
        Assert.Equal((51, "There is no file 'cat.png'. Files are listed at /do/files; upload one with Titan to /file/cat.png"), (atRoot.Code, atRoot.Meta));
        Assert.Equal(20, onHost.Code);
        Assert.NotNull(_wiki.Files("docs").Find(FileName.Parse("cat.png")));
        Assert.Null(_wiki.Files("").Find(FileName.Parse("cat.png")));
        Assert.Null(_wiki.Files("team").Find(FileName.Parse("cat.png")));
    }

    [Fact]
    public async Task A_spaces_file_list_and_history_link_into_the_space()
    {
        _wiki.Register(_alice, "alice");
        await _wiki.UploadAsync("/docs/file/cat.png", TestFiles.Png, "image/png", _alice);

        var list = Body(await _wiki.GetAsync("/docs/do/files"));
        var history = Body(await _wiki.GetAsync("/docs/do/file-history/cat.png"));

        Assert.Contains("\n=> /docs/file/cat.png cat.png\n", list, StringComparison.Ordinal);
        Assert.Contains("\n=> /docs/do/file-history/cat.png History of cat.png\n", list, StringComparison.Ordinal);
        Assert.Contains("Upload with Titan to titan://localhost:1965/docs/file/<name>,", list, StringComparison.Ordinal);
        Assert.Contains("=> /docs/ Main page\n", list, StringComparison.Ordinal);
        Assert.Contains("\n=> /docs/file/cat.png/1 Revision 1 · ", history, StringComparison.Ordinal);
        Assert.Equal(51, (await _wiki.GetAsync("/do/file-history/cat.png")).Code);
    }

    [Fact]
    public async Task A_private_spaces_files_ask_for_a_certificate_then_for_registration()
    {
        await _wiki.Files("team").SaveAsync(FileName.Parse("plan.pdf"), TestFiles.Pdf, "application/pdf", new GeminiWiki.Domain.Pages.PageAuthor("admin", null), CancellationToken.None);

        var anonymous = await _wiki.GetAsync("/team/file/plan.pdf");
        var stranger = await _wiki.GetAsync("/team/file/plan.pdf", _stranger);
        var list = await _wiki.GetAsync("/team/do/files", _stranger);
        var anonymousUpload = await _wiki.UploadAsync("/team/file/new.pdf", TestFiles.Pdf, "application/pdf", certificate: null);
        _wiki.Register(_alice, "alice");
        var alice = await _wiki.GetAsync("/team/file/plan.pdf", _alice);
        var aliceUpload = await _wiki.UploadAsync("/team/file/new.pdf", TestFiles.Pdf, "application/pdf", _alice);

        Assert.Equal((60, RefusalMessages.CertificateRequired.Meta), (anonymous.Code, anonymous.Meta));
        Assert.Equal(61, stranger.Code);
        Assert.StartsWith($"Certificate {GeminiWiki.Domain.Identity.Fingerprint.Of(_stranger).Short} is not registered here.", stranger.Meta, StringComparison.Ordinal);
        Assert.Equal(61, list.Code);
        Assert.Equal(60, anonymousUpload.Code);
        Assert.Equal((20, "application/pdf"), (alice.Code, alice.Meta));
        // Team is edited by admins only: a registered user's upload is refused before the body.
        Assert.Equal(61, aliceUpload.Code);
        Assert.EndsWith("does not belong to an admin.", aliceUpload.Meta, StringComparison.Ordinal);
        Assert.Null(_wiki.Files("team").Find(FileName.Parse("new.pdf")));
    }

    [Fact]
    public async Task A_spaces_changes_feed_and_all_changes_list_its_files_with_the_spaces_prefix()
    {
        _wiki.Register(_alice, "alice");
        await _wiki.Save("docs", "Guide", "# Guide\n");
        _wiki.Time.Advance(TimeSpan.FromMinutes(1));
        await _wiki.UploadAsync("/docs/file/cat.png", TestFiles.Png, "image/png", _alice);

        var changes = Body(await _wiki.GetAsync("/docs/do/changes"));
        var feed = Body(await _wiki.GetAsync("/docs/do/atom"));
        var all = Body(await _wiki.GetAsync("/do/all/changes"));
        var rootChanges = Body(await _wiki.GetAsync("/do/changes"));

        Assert.Contains(
            "\n=> /docs/file/cat.png/1 2026-11-23 cat.png (file, revision 1) by alice at 12:01 UTC\n"
            + "=> /docs/page/Guide/1 2026-11-23 Guide (revision 1) by alice at 12:00 UTC\n",
            changes,
            StringComparison.Ordinal);
        Assert.Contains("<id>gemini://localhost:1965/docs/file/cat.png/1</id>", feed, StringComparison.Ordinal);
        Assert.Contains(
            "\n=> /docs/file/cat.png/1 2026-11-23 Docs: cat.png (file, revision 1) by alice at 12:01 UTC\n"
            + "=> /docs/page/Guide/1 2026-11-23 Docs: Guide (revision 1) by alice at 12:00 UTC\n",
            all,
            StringComparison.Ordinal);
        Assert.DoesNotContain("cat.png", rootChanges, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_space_keeps_its_files_in_collections_of_its_own_and_the_default_space_keeps_the_original_names()
    {
        var names = _wiki.Database.Database.Database.GetCollectionNames().ToHashSet(StringComparer.Ordinal);

        Assert.Contains("files_revisions", names);
        Assert.Contains("space_docs_files_revisions", names);
        Assert.Contains("space_team_files_revisions", names);
    }
}
