using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Pages;
using static GeminiWiki.Domain.Tests.Spaces.SpacesHarness;

namespace GeminiWiki.Domain.Tests.Spaces;

public sealed class SpaceRoutingTests : IDisposable
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
    public async Task A_space_has_its_own_pages_under_its_prefix_and_the_default_space_does_not_see_them()
    {
        await _wiki.Save("docs", "Guide", "# Docs guide\n");
        await _wiki.Save("", "Guide", "# Main guide\n");

        var inSpace = await _wiki.GetAsync("/docs/page/Guide");
        var atRoot = await _wiki.GetAsync("/page/Guide");

        Assert.Equal(20, inSpace.Code);
        Assert.StartsWith("# Docs guide\n", Body(inSpace), StringComparison.Ordinal);
        Assert.StartsWith("# Main guide\n", Body(atRoot), StringComparison.Ordinal);
        Assert.Equal(51, (await _wiki.GetAsync("/page/Start")).Code);
        Assert.Null(_wiki.Store("team").Find(PageName.Parse("Guide")));
    }

    [Fact]
    public async Task Links_on_a_space_page_stay_in_the_space()
    {
        await _wiki.Save("docs", "Guide", "# Guide\n=> /page/Other Another page\n=> /register Register\n=> gemini://example.org/page/X Elsewhere\n```\n=> /page/Shown not a link\n```\n");

        var body = Body(await _wiki.GetAsync("/docs/page/Guide"));

        Assert.StartsWith("# Guide\n=> /docs/page/Other Another page\n=> /register Register\n=> gemini://example.org/page/X Elsewhere\n```\n=> /page/Shown not a link\n```\n", body, StringComparison.Ordinal);
        Assert.Contains("=> /docs/history/Guide History\n", body, StringComparison.Ordinal);
        Assert.Contains("=> /docs/raw/Guide Raw text\n", body, StringComparison.Ordinal);
        Assert.Contains("=> titan://localhost:1965/docs/raw/Guide Edit with Titan\n", body, StringComparison.Ordinal);
        Assert.Contains("=> /docs/ Main page\n", body, StringComparison.Ordinal);
        // Backlinks read the text as written, so they work inside the space.
        Assert.Contains("=> /docs/page/Guide Guide", Body(await _wiki.GetAsync("/docs/do/backlinks/Other")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Robots_at_the_root_keep_crawlers_off_every_spaces_raw_history_diff_and_actions()
    {
        var robots = await _wiki.GetAsync("/robots.txt");

        Assert.Equal("text/plain; charset=utf-8", robots.Meta);
        Assert.Equal(
            "User-agent: *\n" +
            "Disallow: /raw/\nDisallow: /history/\nDisallow: /diff/\nDisallow: /do/\n" +
            "Disallow: /docs/raw/\nDisallow: /docs/history/\nDisallow: /docs/diff/\nDisallow: /docs/do/\n" +
            "Disallow: /team/raw/\nDisallow: /team/history/\nDisallow: /team/diff/\nDisallow: /team/do/\n",
            Body(robots));
        // A space on its own host is at that host's root: its robots.txt speaks for it alone.
        Assert.Equal(
            "User-agent: *\nDisallow: /raw/\nDisallow: /history/\nDisallow: /diff/\nDisallow: /do/\n",
            Body(await _wiki.GetAsync("/robots.txt", host: "docs.example")));
        Assert.Equal(51, (await _wiki.GetAsync("/docs/robots.txt")).Code);
    }

    [Fact]
    public async Task The_main_page_of_a_space_is_at_its_prefix_with_its_title_and_links()
    {
        var empty = Body(await _wiki.GetAsync("/docs/"));
        Assert.StartsWith("# Docs\n\nThis wiki has no main page yet.\n", empty, StringComparison.Ordinal);
        Assert.Contains("=> /docs/do/changes Recent changes\n=> /docs/do/index All pages\n=> /docs/do/files Files\n=> /docs/do/search Search\n=> /docs/do/new New page\n=> /docs/do/atom Atom feed of changes\n", empty, StringComparison.Ordinal);

        await _wiki.Save("docs", "Start", "# Start here\n");
        Assert.StartsWith("# Start here\n", Body(await _wiki.GetAsync("/docs")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_titan_upload_to_a_space_saves_there_and_redirects_into_the_space()
    {
        _wiki.Register(_alice, "alice");

        var response = await _wiki.UploadAsync("/docs/raw/New%20page", "# New\n", _alice);

        Assert.Equal((30, "gemini://localhost:1965/docs/page/New%20page"), (response.Code, response.Meta));
        Assert.Equal("# New\n", _wiki.Store("docs").Find(PageName.Parse("New page"))!.Text);
        Assert.Null(_wiki.Store("").Find(PageName.Parse("New page")));
    }

    [Fact]
    public async Task A_stray_upload_in_a_space_is_told_the_spaces_upload_path()
    {
        _wiki.Register(_alice, "alice");

        var response = await _wiki.UploadAsync("/docs/page/Guide", "text", _alice);

        Assert.Equal((59, "Uploads are accepted at titan://host/docs/raw/<page name> and titan://host/docs/file/<name> only"), (response.Code, response.Meta));
    }

    [Fact]
    public async Task A_private_space_on_a_public_wiki_asks_for_a_certificate_then_for_registration()
    {
        await _wiki.Save("team", "Home", "# Team home\n");
        await _wiki.Save("", "Home", "# Public home\n");

        var anonymous = await _wiki.GetAsync("/team/page/Home");
        var stranger = await _wiki.GetAsync("/team/page/Home", _stranger);
        _wiki.Register(_alice, "alice");
        var alice = await _wiki.GetAsync("/team/page/Home", _alice);

        Assert.Equal((60, RefusalMessages.CertificateRequired.Meta), (anonymous.Code, anonymous.Meta));
        Assert.Equal(61, stranger.Code);
        Assert.StartsWith($"Certificate {GeminiWiki.Domain.Identity.Fingerprint.Of(_stranger).Short} is not registered here.", stranger.Meta, StringComparison.Ordinal);
        Assert.Equal(20, alice.Code);
        Assert.Equal(20, (await _wiki.GetAsync("/page/Home")).Code);
        Assert.Equal(60, (await _wiki.GetAsync("/team/do/changes")).Code);
        Assert.Equal(60, (await _wiki.GetAsync("/team/")).Code);
    }

    [Fact]
    public async Task A_space_edited_by_admins_refuses_a_registered_user_before_the_body()
    {
        _wiki.Register(_alice, "alice");

        var team = await _wiki.UploadAsync("/team/raw/Plan", "# Plan\n", _alice);
        var docs = await _wiki.UploadAsync("/docs/raw/Plan", "# Plan\n", _alice);

        Assert.Equal(61, team.Code);
        Assert.EndsWith("does not belong to an admin.", team.Meta, StringComparison.Ordinal);
        Assert.Null(_wiki.Store("team").Find(PageName.Parse("Plan")));
        Assert.Equal(30, docs.Code);
    }

    [Fact]
    public async Task Spaces_list_only_what_the_visitor_may_read()
    {
        var anonymous = Body(await _wiki.GetAsync("/do/spaces"));
        _wiki.Register(_alice, "alice");
        var alice = Body(await _wiki.GetAsync("/do/spaces", _alice));

        Assert.Equal(
            "# Spaces\nThe wikis on this server that you may read.\n\n=> / GeminiWiki (the main wiki)\n=> /docs/ Docs\n=> gemini://docs.example:1965/ Docs at its own address, docs.example\n\n=> /do/all/changes Recent changes in all of them\n",
            anonymous);
        Assert.Contains("=> /team/ Team\n", alice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_changes_merge_the_readable_spaces_newest_first()
    {
        await _wiki.Save("", "Home", "# Home\n");
        _wiki.Time.Advance(TimeSpan.FromMinutes(1));
        await _wiki.Save("team", "Secret", "# Secret\n");
        _wiki.Time.Advance(TimeSpan.FromMinutes(1));
        await _wiki.Save("docs", "Guide", "# Guide\n", author: "bob");

        var anonymous = Body(await _wiki.GetAsync("/do/all/changes"));
        _wiki.Register(_alice, "alice");
        var alice = Body(await _wiki.GetAsync("/do/all/changes", _alice));

        Assert.Equal(
            "# Recent changes in all spaces\nNewest first. Times are UTC.\n=> /do/spaces The spaces\n\n"
            + "=> /docs/page/Guide/1 2026-11-23 Docs: Guide (revision 1) by bob at 12:02 UTC\n"
            + "=> /page/Home/1 2026-11-23 GeminiWiki: Home (revision 1) by alice at 12:00 UTC\n",
            anonymous);
        Assert.Contains(
            "=> /docs/page/Guide/1 2026-11-23 Docs: Guide (revision 1) by bob at 12:02 UTC\n"
            + "=> /team/page/Secret/1 2026-11-23 Team: Secret (revision 1) by alice at 12:01 UTC\n"
            + "=> /page/Home/1 2026-11-23 GeminiWiki: Home (revision 1) by alice at 12:00 UTC\n",
            alice,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_for_a_spaces_host_reaches_the_space_at_the_root_with_unprefixed_links()
    {
        await _wiki.Save("docs", "Start", "# Docs start\n=> /page/Guide Guide\n");
        await _wiki.Save("docs", "Guide", "# Guide\n");

        var main = await _wiki.GetAsync("/", host: "docs.example");
        var page = await _wiki.GetAsync("/page/Start", host: "docs.example");

        Assert.StartsWith("# Docs start\n=> /page/Guide Guide\n", Body(main), StringComparison.Ordinal);
        Assert.Contains("=> /do/changes Recent changes\n", Body(main), StringComparison.Ordinal);
        Assert.Contains("=> /history/Start History\n", Body(page), StringComparison.Ordinal);
        // The other spaces and the capsule's own pages are not on the space's host.
        Assert.Equal(51, (await _wiki.GetAsync("/team/page/Home", host: "docs.example")).Code);
        Assert.Equal(51, (await _wiki.GetAsync("/do/spaces", host: "docs.example")).Code);
        Assert.Equal(51, (await _wiki.GetAsync("/docs/page/Start", host: "docs.example")).Code);
    }

    [Fact]
    public async Task A_spaces_atom_feed_has_its_title_and_links_into_the_space()
    {
        await _wiki.Save("docs", "Guide", "one\n");

        var feed = Body(await _wiki.GetAsync("/docs/do/atom"));

        Assert.Contains("<title>Docs</title>", feed, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"self\" href=\"gemini://localhost:1965/docs/do/atom\" />", feed, StringComparison.Ordinal);
        Assert.Contains("<id>gemini://localhost:1965/docs/page/Guide/1</id>", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spaces_changes_are_a_gemini_subscription_with_one_dated_line_per_change()
    {
        await _wiki.Save("docs", "Guide", "one\n");
        _wiki.Time.Advance(TimeSpan.FromHours(13));
        await _wiki.Save("docs", "Guide", "two\n", author: "bob");
        _wiki.Time.Advance(TimeSpan.FromMinutes(1));
        await _wiki.Store("docs").DeleteAsync(PageName.Parse("Old"), new PageAuthor("bob", null), CancellationToken.None);
        await _wiki.Save("docs", "Old", "x\n");
        _wiki.Time.Advance(TimeSpan.FromMinutes(5));
        await _wiki.Store("docs").DeleteAsync(PageName.Parse("Old"), new PageAuthor("carol", null), CancellationToken.None);

        var body = Body(await _wiki.GetAsync("/docs/do/changes"));

        Assert.Equal(
            "# Docs: recent changes\nNewest first. Times are UTC.\n=> /docs/do/atom Atom feed of these changes\n\n"
            + "=> /docs/history/Old 2026-11-24 Old (deleted) by carol at 01:06 UTC\n"
            + "=> /docs/page/Old/1 2026-11-24 Old (revision 1) by alice at 01:01 UTC\n"
            + "=> /docs/page/Guide/2 2026-11-24 Guide (revision 2) by bob at 01:00 UTC\n"
            + "=> /docs/page/Guide/1 2026-11-23 Guide (revision 1) by alice at 12:00 UTC\n",
            body);
    }
}
