using System.Text;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Responses;
using static GeminiWiki.Domain.Tests.Wiki.WikiHarness;

namespace GeminiWiki.Domain.Tests.Wiki;

public sealed class WikiRoutesTests : IDisposable
{
    private readonly WikiHarness _wiki = new();

    public void Dispose() => _wiki.Dispose();

    private Task Save(string name, string text) =>
        _wiki.Store.SaveAsync(PageName.Parse(name), text, PageFormat.Gemtext, new PageAuthor("alice", null), CancellationToken.None);

    [Fact]
    public async Task A_titan_upload_creates_the_page_and_redirects_to_it()
    {
        var response = await _wiki.UploadAsync("/raw/%C3%9Cber%20uns", "# Über uns\nHello\n");

        Assert.Equal(30, response.Code);
        Assert.Equal("gemini://localhost:1965/page/%C3%9Cber%20uns", response.Meta);
        var page = await _wiki.GetAsync("/page/%C3%9Cber%20uns");
        Assert.Equal(20, page.Code);
        Assert.StartsWith("text/gemini", page.Meta, StringComparison.Ordinal);
        var body = Body(page);
        Assert.StartsWith("# Über uns\nHello\n", body, StringComparison.Ordinal);
        Assert.Contains("=> /history/%C3%9Cber%20uns History", body, StringComparison.Ordinal);
        Assert.Contains("=> /raw/%C3%9Cber%20uns Raw text", body, StringComparison.Ordinal);
        Assert.Contains("=> titan://localhost:1965/raw/%C3%9Cber%20uns Edit with Titan", body, StringComparison.Ordinal);
        Assert.Contains("=> /do/append/%C3%9Cber%20uns Append text", body, StringComparison.Ordinal);
        Assert.Contains("=> /do/backlinks/%C3%9Cber%20uns", body, StringComparison.Ordinal);
        Assert.Contains("by alice", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/page/Home")]
    [InlineData("/do/index")]
    [InlineData("/about.gmi")]
    public async Task An_upload_anywhere_but_raw_is_told_where_uploads_go_and_never_read(string path)
    {
        var body = new RecordingBody("text"u8.ToArray());

        var response = await _wiki.UploadAsync(path, "text", body: body);

        Assert.Equal((59, "Uploads are accepted at titan://host/raw/<page name> and titan://host/file/<name> only"), (response.Code, response.Meta));
        Assert.False(body.WasRead);
    }

    [Fact]
    public async Task An_upload_to_an_old_revision_is_refused_before_the_body()
    {
        await Save("Home", "one\n");
        var body = new RecordingBody("text"u8.ToArray());

        var response = await _wiki.UploadAsync("/raw/Home/1", "text", body: body);

        Assert.Equal((59, "Upload to /raw/<page name>, without a revision number: old revisions never change"), (response.Code, response.Meta));
        Assert.False(body.WasRead);
    }

    [Fact]
    public async Task A_refused_editor_gets_the_gates_refusal_and_the_body_is_never_read()
    {
        _wiki.Gate.EditRefusal = GeminiResponse.CertificateRequired("Activate a client certificate to edit");
        var body = new RecordingBody("text"u8.ToArray());

        var response = await _wiki.UploadAsync("/raw/Page", "text", body: body);

        Assert.Equal(60, response.Code);
        Assert.Equal("Activate a client certificate to edit", response.Meta);
        Assert.False(body.WasRead);
        Assert.Null(_wiki.Store.Find(PageName.Parse("Page")));
    }

    [Fact]
    public async Task Oversized_and_wrongly_typed_uploads_are_refused_before_reading()
    {
        var body = new RecordingBody([]);
        var tooBig = await _wiki.UploadBytesAsync("/raw/Big", 100_001, body);
        var image = await _wiki.UploadBytesAsync("/raw/Pic", 10, body, "image/png");

        Assert.Equal(59, tooBig.Code);
        Assert.Contains("100000", tooBig.Meta, StringComparison.Ordinal);
        Assert.Equal(59, image.Code);
        Assert.Contains("text/gemini", image.Meta, StringComparison.Ordinal);
        Assert.False(body.WasRead);
    }

    [Fact]
    public async Task A_configured_token_is_required()
    {
        using var wiki = new WikiHarness(new WikiOptions { TitanToken = "s3cret" });
        Assert.Equal(59, (await wiki.UploadAsync("/raw/P", "x")).Code);
        Assert.Equal(59, (await wiki.UploadAsync("/raw/P", "x", token: "wrong")).Code);
        Assert.Equal(30, (await wiki.UploadAsync("/raw/P", "x", token: "s3cret")).Code);
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_and_saves_nothing()
    {
        var response = await _wiki.UploadBytesAsync("/raw/Bad", 3, new RecordingBody([0xC3, 0x28, 0x41]));
        Assert.Equal(59, response.Code);
        Assert.Contains("UTF-8", response.Meta, StringComparison.Ordinal);
        Assert.Null(_wiki.Store.Find(PageName.Parse("Bad")));
    }

    [Fact]
    public async Task An_upload_cut_short_saves_nothing()
    {
        await Assert.ThrowsAsync<GeminiWiki.Protocol.Requests.TruncatedBodyException>(
            () => _wiki.UploadBytesAsync("/raw/Short", 100, new RecordingBody("only a bit"u8.ToArray())));
        Assert.Null(_wiki.Store.Find(PageName.Parse("Short")));
    }

    [Fact]
    public async Task An_empty_upload_deletes_and_a_new_upload_restores()
    {
        await _wiki.UploadAsync("/raw/Temp", "content\n");
        var deleted = await _wiki.UploadAsync("/raw/Temp", string.Empty);
        Assert.Equal(30, deleted.Code);

        var page = await _wiki.GetAsync("/page/Temp");
        Assert.Equal(20, page.Code);
        Assert.Contains("deleted in revision 2", Body(page), StringComparison.Ordinal);
        Assert.Equal(52, (await _wiki.GetAsync("/raw/Temp")).Code);
        Assert.Contains("page deleted", Body(await _wiki.GetAsync("/history/Temp")), StringComparison.Ordinal);
        Assert.DoesNotContain("Temp", Body(await _wiki.GetAsync("/do/index")), StringComparison.Ordinal);

        await _wiki.UploadAsync("/raw/Temp", "content\n");
        Assert.Equal("content\n", Body(await _wiki.GetAsync("/raw/Temp")));
        Assert.Equal(51, (await _wiki.UploadAsync("/raw/NeverExisted", string.Empty)).Code);
    }

    [Fact]
    public async Task Uploading_the_same_text_adds_no_revision()
    {
        await _wiki.UploadAsync("/raw/Same", "text\n");
        var again = await _wiki.UploadAsync("/raw/Same", "text\n");
        Assert.Equal(30, again.Code);
        Assert.Single(_wiki.Store.History(PageName.Parse("Same")));
    }

    [Fact]
    public async Task Markdown_uploads_are_served_raw_as_markdown()
    {
        await _wiki.UploadAsync("/raw/Md", "# Title\n\n*hi*\n", "text/markdown");
        var raw = await _wiki.GetAsync("/raw/Md");
        Assert.Equal("text/markdown; charset=utf-8", raw.Meta);
        Assert.Equal("# Title\n\n*hi*\n", Body(raw));
    }

    [Fact]
    public async Task A_missing_page_is_51_and_says_how_to_create_it()
    {
        var response = await _wiki.GetAsync("/page/Nowhere");
        Assert.Equal(51, response.Code);
        Assert.Contains("/do/new", response.Meta, StringComparison.Ordinal);
        Assert.Contains("Nowhere", response.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Old_revisions_are_marked_and_raw_revisions_are_served()
    {
        await Save("Doc", "old text\n");
        await Save("Doc", "new text\n");

        var old = Body(await _wiki.GetAsync("/page/Doc/1"));
        Assert.Contains("old revision", old, StringComparison.Ordinal);
        Assert.Contains("revision 1 of 2", old, StringComparison.Ordinal);
        Assert.Contains("old text", old, StringComparison.Ordinal);
        Assert.Equal("old text\n", Body(await _wiki.GetAsync("/raw/Doc/1")));
        Assert.Equal("text/plain; charset=utf-8", (await _wiki.GetAsync("/raw/Doc/1")).Meta);
        Assert.Equal(51, (await _wiki.GetAsync("/page/Doc/3")).Code);
        Assert.Equal(59, (await _wiki.GetAsync("/page/Doc/x")).Code);
    }

    [Fact]
    public async Task History_lists_revisions_newest_first_with_time_author_size_and_links()
    {
        await Save("Hist", "one\n");
        _wiki.Time.Advance(TimeSpan.FromHours(1));
        await _wiki.UploadAsync("/raw/Hist", "one\ntwo\n");

        var body = Body(await _wiki.GetAsync("/history/hist"));
        var second = body.IndexOf("=> /page/Hist/2 Revision 2 · 2026-11-23 13:00 UTC · alice · 8 bytes", StringComparison.Ordinal);
        var first = body.IndexOf("=> /page/Hist/1 Revision 1 · 2026-11-23 12:00 UTC · alice · 4 bytes", StringComparison.Ordinal);
        Assert.True(second >= 0 && first > second, body);
        Assert.Contains("=> /diff/Hist/2", body, StringComparison.Ordinal);
        Assert.Equal(51, (await _wiki.GetAsync("/history/Nothing")).Code);
    }

    [Fact]
    public async Task The_diff_marks_added_and_removed_lines_and_trims_unchanged_ones()
    {
        var lines = Enumerable.Range(1, 30).Select(i => $"line {i}").ToList();
        await Save("Long", string.Join('\n', lines) + "\n");
        lines[14] = "line fifteen";
        await Save("Long", string.Join('\n', lines) + "\n");

        var body = Body(await _wiki.GetAsync("/diff/Long/2"));
        Assert.Contains("\n- line 15\n", body, StringComparison.Ordinal);
        Assert.Contains("\n+ line fifteen\n", body, StringComparison.Ordinal);
        Assert.Contains("\n  line 14\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("line 2\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("line 30", body, StringComparison.Ordinal);
        Assert.Contains("1 line added (+), 1 line removed (-)", body, StringComparison.Ordinal);

        var first = Body(await _wiki.GetAsync("/diff/Long/1"));
        Assert.Contains("+ line 30", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_text_cannot_break_out_of_its_preformatted_block()
    {
        await Save("Code", "a\n");
        await Save("Code", "a\n```\n=> /evil link\n");
        var body = Body(await _wiki.GetAsync("/diff/Code/2"));
        Assert.DoesNotContain("\n=> /evil", body, StringComparison.Ordinal);
        Assert.Contains("+ ```", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_index_follows_every_save_even_though_it_is_cached()
    {
        await Save("Apples", "Red fruit.\n");
        var first = await _wiki.GetAsync("/do/index");
        Assert.Same(first, await _wiki.GetAsync("/do/index"));

        await Save("Cherries", "Small.\n");
        var second = Body(await _wiki.GetAsync("/do/index"));

        Assert.Contains("=> /page/Cherries Cherries", second, StringComparison.Ordinal);
        Assert.Contains("2 pages", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_changes_match_and_search()
    {
        await Save("Apples", "Red fruit.\n");
        _wiki.Time.Advance(TimeSpan.FromMinutes(1));
        await Save("Bananas", "Yellow fruit, rich in potassium.\n");

        var index = Body(await _wiki.GetAsync("/do/index"));
        Assert.True(index.IndexOf("=> /page/Apples Apples", StringComparison.Ordinal) < index.IndexOf("=> /page/Bananas Bananas", StringComparison.Ordinal));

        var changes = Body(await _wiki.GetAsync("/do/changes"));
        Assert.True(changes.IndexOf("Bananas (revision 1)", StringComparison.Ordinal) < changes.IndexOf("Apples (revision 1)", StringComparison.Ordinal));
        Assert.Contains("=> /page/Bananas/1 2026-11-23 Bananas (revision 1) by alice at 12:01 UTC\n", changes, StringComparison.Ordinal);
        Assert.DoesNotContain("Apples", Body(await _wiki.GetAsync("/do/changes/1")), StringComparison.Ordinal);
        Assert.Equal(59, (await _wiki.GetAsync("/do/changes/abc")).Code);

        Assert.Equal(10, (await _wiki.GetAsync("/do/search")).Code);
        Assert.Equal(10, (await _wiki.GetAsync("/do/match")).Code);
        var search = Body(await _wiki.GetAsync("/do/search?POTASSIUM"));
        Assert.Contains("=> /page/Bananas Bananas", search, StringComparison.Ordinal);
        Assert.Contains("> Yellow fruit, rich in potassium.", search, StringComparison.Ordinal);
        Assert.DoesNotContain("Apples", search, StringComparison.Ordinal);

        var match = Body(await _wiki.GetAsync("/do/match?ppl"));
        Assert.Contains("=> /page/Apples", match, StringComparison.Ordinal);
        Assert.DoesNotContain("Bananas", match, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backlinks_page_lists_linking_pages()
    {
        await Save("Target", "t\n");
        await Save("Source", "=> /page/Target go\n");
        var body = Body(await _wiki.GetAsync("/do/backlinks/target"));
        Assert.Contains("=> /page/Source Source", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_main_page_shows_the_configured_page_and_the_wiki_links()
    {
        await Save("Home", "# Welcome\n");
        _wiki.Gate.Editor = GeminiWiki.Domain.Access.Visitor.Anonymous;
        var body = Body(await _wiki.GetAsync("/"));
        Assert.StartsWith("# Welcome\n", body, StringComparison.Ordinal);
        foreach (var link in new[] { "/do/changes", "/do/index", "/do/search", "/do/new", "/register" })
        {
            Assert.Contains($"=> {link} ", body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("=> /account ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_main_page_greets_a_signed_in_visitor_with_their_account()
    {
        await Save("Home", "# Welcome\n");

        var body = Body(await _wiki.GetAsync("/"));

        Assert.Contains("=> /account Your account (alice)\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("=> /register ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Robots_keep_crawlers_off_raw_history_diff_and_actions()
    {
        var robots = await _wiki.GetAsync("/robots.txt");
        Assert.Equal("text/plain; charset=utf-8", robots.Meta);
        var text = Body(robots);
        foreach (var path in new[] { "/raw/", "/history/", "/diff/", "/do/" })
        {
            Assert.Contains($"Disallow: {path}\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Atom_feed_has_absolute_links()
    {
        await Save("Feed me", "x\n");
        var atom = await _wiki.GetAsync("/do/atom");
        Assert.StartsWith("application/atom+xml", atom.Meta, StringComparison.Ordinal);
        Assert.Contains("gemini://localhost:1965/page/Feed%20me/1", Body(atom), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_with_a_right_to_left_override_is_refused_and_nothing_is_saved()
    {
        var upload = await _wiki.UploadAsync("/raw/txt.%E2%80%AEexe", "x\n");
        Assert.Equal(59, upload.Code);
        Assert.Contains("U+202E", upload.Meta, StringComparison.Ordinal);

        var prompt = await _wiki.GetAsync("/do/new?txt.%E2%80%AEexe");
        Assert.Equal(10, prompt.Code);
        Assert.Contains("invisible characters", prompt.Meta, StringComparison.Ordinal);
        Assert.DoesNotContain("txt", Body(await _wiki.GetAsync("/do/index")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_page_prompts_for_a_name_then_redirects_to_its_edit_instructions()
    {
        Assert.Equal(10, (await _wiki.GetAsync("/do/new")).Code);
        var bad = await _wiki.GetAsync("/do/new?a%2Fb");
        Assert.Equal(10, bad.Code);
        Assert.Contains("'/'", bad.Meta, StringComparison.Ordinal);

        var created = await _wiki.GetAsync("/do/new?My%20Page");
        Assert.Equal(30, created.Code);
        Assert.Equal("/do/edit/My%20Page", created.Meta);

        var instructions = Body(await _wiki.GetAsync("/do/edit/My%20Page"));
        Assert.Contains("=> titan://localhost:1965/raw/My%20Page", instructions, StringComparison.Ordinal);
        Assert.Contains("=> /do/append/My%20Page", instructions, StringComparison.Ordinal);
        Assert.Contains("doesn't exist yet", instructions, StringComparison.Ordinal);
        Assert.Contains("You are editing as alice", instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_serves_its_prompt_under_a_token_url_so_the_answer_arrives_with_the_token()
    {
        await Save("Guestbook", "# Guestbook\n");

        var redirect = await _wiki.GetAsync("/do/append/Guestbook");
        Assert.Equal(30, redirect.Code);
        Assert.StartsWith("/do/append/Guestbook/", redirect.Meta, StringComparison.Ordinal);
        var prompt = await _wiki.GetAsync(redirect.Meta);
        Assert.Equal((10, "Text to append to Guestbook (short; it becomes new lines at the end)"), (prompt.Code, prompt.Meta));

        var response = await _wiki.GetAsync(redirect.Meta + "?Hello%20there%0Asecond%20line%0D%0Athird");
        Assert.Equal((30, "gemini://localhost:1965/page/Guestbook"), (response.Code, response.Meta));
        Assert.Equal("# Guestbook\nHello there\nsecond line\nthird\n", Body(await _wiki.GetAsync("/raw/Guestbook")));

        // Used up: the same token URL cannot append again.
        var replay = await _wiki.GetAsync(redirect.Meta + "?again");
        Assert.Equal(59, replay.Code);
        Assert.Contains("start again at /do/append/Guestbook", replay.Meta, StringComparison.Ordinal);
        Assert.Equal("# Guestbook\nHello there\nsecond line\nthird\n", Body(await _wiki.GetAsync("/raw/Guestbook")));
    }

    [Fact]
    public async Task A_planted_append_link_only_proposes_its_text_until_the_visitor_types_yes()
    {
        await Save("Cats", "# Cats\n");

        var redirect = await _wiki.GetAsync("/do/append/Cats?spam");
        Assert.Equal(30, redirect.Code);
        Assert.Equal("# Cats\n", Body(await _wiki.GetAsync("/raw/Cats")));
        var confirm = await _wiki.GetAsync(redirect.Meta);
        Assert.Equal((10, "Type yes to append “spam” to Cats"), (confirm.Code, confirm.Meta));
        Assert.Equal(10, (await _wiki.GetAsync(redirect.Meta + "?no")).Code);
        Assert.Equal("# Cats\n", Body(await _wiki.GetAsync("/raw/Cats")));

        var done = await _wiki.GetAsync(redirect.Meta + "?yes");

        Assert.Equal(30, done.Code);
        Assert.Equal("# Cats\nspam\n", Body(await _wiki.GetAsync("/raw/Cats")));
    }

    [Fact]
    public async Task A_token_is_useless_with_another_certificate_and_after_it_expires()
    {
        await Save("Cats", "# Cats\n");
        var forAlice = (await _wiki.GetAsync("/do/append/Cats?spam")).Meta;
        var stillAlice = (await _wiki.GetAsync("/do/append/Cats?later")).Meta;

        _wiki.Gate.Editor = new GeminiWiki.Domain.Access.Visitor(GeminiWiki.Domain.Identity.Fingerprint.FromHash(Enumerable.Repeat((byte)7, 32).ToArray()), "mallory", false);
        Assert.Equal(59, (await _wiki.GetAsync(forAlice + "?yes")).Code);

        _wiki.Gate.Editor = new GeminiWiki.Domain.Access.Visitor(GeminiWiki.Domain.Identity.Fingerprint.FromHash(new byte[32]), "alice", false);
        _wiki.Time.Advance(GeminiWiki.Domain.Access.ActionTokens.Lifetime);
        Assert.Equal(59, (await _wiki.GetAsync(stillAlice + "?yes")).Code);
        Assert.Equal("# Cats\n", Body(await _wiki.GetAsync("/raw/Cats")));
    }

    [Fact]
    public async Task Input_editing_is_subject_to_the_edit_policy()
    {
        _wiki.Gate.EditRefusal = GeminiResponse.CertificateNotAuthorised("Register your certificate to edit");
        Assert.Equal(61, (await _wiki.GetAsync("/do/new")).Code);
        Assert.Equal(61, (await _wiki.GetAsync("/do/append/Page?text")).Code);
        Assert.Equal(61, (await _wiki.GetAsync("/do/append/Page/forged-token?text")).Code);
        Assert.Null(_wiki.Store.Find(PageName.Parse("Page")));
    }

    [Fact]
    public async Task A_read_policy_refusal_is_passed_on()
    {
        await Save("Secret", "x\n");
        _wiki.Gate.ReadRefusal = GeminiResponse.CertificateRequired("Members only");
        Assert.Equal(60, (await _wiki.GetAsync("/page/Secret")).Code);
        Assert.Equal(60, (await _wiki.GetAsync("/do/search?x")).Code);
    }

    [Fact]
    public async Task A_page_with_an_unclosed_preformatted_block_still_shows_its_footer_as_links()
    {
        await Save("Open", "```\ncode\n");
        var body = Body(await _wiki.GetAsync("/page/Open"));
        Assert.Contains("code\n```\n", body, StringComparison.Ordinal);
        Assert.Contains("=> /history/Open History", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rendered_page_is_cached_until_the_next_save()
    {
        await Save("Cached", "v1\n");
        await _wiki.GetAsync("/page/Cached");
        Assert.Equal(1, _wiki.RenderCache.CachedRevision(PageName.Parse("Cached")));

        await _wiki.UploadAsync("/raw/Cached", "v2\n");
        var body = Body(await _wiki.GetAsync("/page/Cached"));
        Assert.StartsWith("v2\n", body, StringComparison.Ordinal);
        Assert.Equal(2, _wiki.RenderCache.CachedRevision(PageName.Parse("Cached")));
    }

    [Fact]
    public async Task Invalid_names_in_urls_are_59()
    {
        var response = await _wiki.GetAsync("/page/%01bad");
        Assert.Equal(59, response.Code);
        var longName = new string('x', 101);
        Assert.Equal(59, (await _wiki.UploadAsync("/raw/" + longName, "x")).Code);
    }
}
