using System.Text;
using System.Xml.Linq;
using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Server.Tests.Wiki;

/// <summary>The wiki as a user meets it: real TLS, real client certificates, real LiteDB.</summary>
public sealed class WikiOverTlsTests(WikiServerFixture server) : IClassFixture<WikiServerFixture>
{
    [Fact]
    public async Task The_shipped_pages_are_imported_on_first_start_and_shown_at_the_root()
    {
        var root = await server.Anonymous.GetAsync("/");
        Assert.Equal(20, root.Status);
        Assert.StartsWith("text/gemini", root.Meta, StringComparison.Ordinal);
        Assert.StartsWith("# Shipped home page\n", root.Text, StringComparison.Ordinal);
        Assert.Contains("=> /do/changes", root.Text, StringComparison.Ordinal);

        var history = await server.Anonymous.GetAsync("/history/Help");
        Assert.Contains("Revision 1 · ", history.Text, StringComparison.Ordinal);
        Assert.Contains(" · system · ", history.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_edit_and_read_back_history_diff_search_changes_and_feed()
    {
        var created = await server.AsAlice.UploadAsync("Tls%20Garden", "# Garden\nTomatoes grow here.\n");
        Assert.Equal(30, created.Status);
        Assert.Equal($"{server.AsAlice.Base}/page/Tls%20Garden", created.Meta);

        var edited = await server.AsAlice.UploadAsync("Tls%20Garden", "# Garden\nTomatoes and zucchini grow here.\n");
        Assert.Equal(30, edited.Status);

        var page = await server.Anonymous.GetAsync("/page/Tls%20Garden");
        Assert.Equal(20, page.Status);
        Assert.Contains("zucchini", page.Text, StringComparison.Ordinal);
        Assert.Contains($"=> titan://localhost:{server.Port}/raw/Tls%20Garden Edit with Titan", page.Text, StringComparison.Ordinal);

        var history = await server.Anonymous.GetAsync("/history/Tls%20Garden");
        Assert.Contains("=> /page/Tls%20Garden/2 Revision 2", history.Text, StringComparison.Ordinal);
        Assert.Contains("=> /page/Tls%20Garden/1 Revision 1", history.Text, StringComparison.Ordinal);
        Assert.Contains(" · alice · ", history.Text, StringComparison.Ordinal);

        var diff = await server.Anonymous.GetAsync("/diff/Tls%20Garden/2");
        Assert.Contains("- Tomatoes grow here.", diff.Text, StringComparison.Ordinal);
        Assert.Contains("+ Tomatoes and zucchini grow here.", diff.Text, StringComparison.Ordinal);

        var search = await server.Anonymous.GetAsync("/do/search?ZUCCHINI");
        Assert.Contains("=> /page/Tls%20Garden Tls Garden", search.Text, StringComparison.Ordinal);

        var changes = await server.Anonymous.GetAsync("/do/changes");
        Assert.Contains("Tls Garden (revision 2) by alice", changes.Text, StringComparison.Ordinal);

        var atom = await server.Anonymous.GetAsync("/do/atom");
        Assert.StartsWith("application/atom+xml", atom.Meta, StringComparison.Ordinal);
        var feed = XDocument.Parse(atom.Text);
        XNamespace ns = "http://www.w3.org/2005/Atom";
        Assert.Contains(feed.Root!.Elements(ns + "entry"), e => e.Element(ns + "id")!.Value == $"{server.AsAlice.Base}/page/Tls%20Garden/2");
    }

    [Fact]
    public async Task Append_by_input_prompt_adds_lines_after_following_the_redirect_to_its_token_url()
    {
        Assert.Equal(30, (await server.AsAlice.UploadAsync("Tls%20Guestbook", "# Guestbook\n")).Status);
        var redirect = await server.AsAlice.GetAsync("/do/append/Tls%20Guestbook");
        Assert.Equal(30, redirect.Status);
        var prompt = await server.AsAlice.GetAsync(redirect.Meta);
        Assert.Equal(10, prompt.Status);

        var appended = await server.AsAlice.GetAsync(redirect.Meta + "?hi%0D%0Athere");
        Assert.Equal((30, $"{server.AsAlice.Base}/page/Tls%20Guestbook"), (appended.Status, appended.Meta));
        Assert.Equal("# Guestbook\nhi\nthere\n", (await server.Anonymous.GetAsync("/raw/Tls%20Guestbook")).Text);
    }

    [Fact]
    public async Task Delete_with_an_empty_upload_then_restore()
    {
        await server.AsAlice.UploadAsync("Tls%20Temp", "keep\n");
        Assert.Equal(30, (await server.AsAlice.SendAsync($"titan://localhost:{server.Port}/raw/Tls%20Temp;size=0", [])).Status);
        Assert.Equal(52, (await server.Anonymous.GetAsync("/raw/Tls%20Temp")).Status);
        Assert.Contains("page deleted", (await server.Anonymous.GetAsync("/history/Tls%20Temp")).Text, StringComparison.Ordinal);

        await server.AsAlice.UploadAsync("Tls%20Temp", "keep\n");
        Assert.Equal("keep\n", (await server.Anonymous.GetAsync("/raw/Tls%20Temp")).Text);
        Assert.Equal(3, server.Store.Find(PageName.Parse("Tls Temp"))!.Revision);
    }

    [Fact]
    public async Task Without_a_certificate_an_upload_is_60_and_nothing_is_saved()
    {
        var reply = await server.Anonymous.UploadAsync("Tls%20NoCert", "text\n");
        Assert.Equal(60, reply.Status);
        Assert.Contains("certificate", reply.Meta, StringComparison.Ordinal);
        Assert.Null(server.Store.Find(PageName.Parse("Tls NoCert")));
    }

    [Fact]
    public async Task An_unregistered_certificate_is_61_and_nothing_is_saved()
    {
        var reply = await server.AsStranger.UploadAsync("Tls%20Stranger", "text\n");
        Assert.Equal(61, reply.Status);
        Assert.Null(server.Store.Find(PageName.Parse("Tls Stranger")));
        Assert.Equal(61, (await server.AsStranger.GetAsync("/do/append/Tls%20Stranger?x")).Status);
    }

    [Fact]
    public async Task An_oversized_upload_is_refused_before_any_body_is_sent()
    {
        // No body follows the line: a server that waited for it would answer only at its timeout.
        var reply = await server.AsAlice.SendAsync($"titan://localhost:{server.Port}/raw/Tls%20Big;size=5000;mime=text/gemini", null);
        Assert.Equal(59, reply.Status);
        Assert.Contains("limit of 1000 bytes", reply.Meta, StringComparison.Ordinal);
        Assert.Null(server.Store.Find(PageName.Parse("Tls Big")));
    }

    [Fact]
    public async Task A_wrong_mime_type_is_refused_and_names_the_accepted_ones()
    {
        var reply = await server.AsAlice.SendAsync($"titan://localhost:{server.Port}/raw/Tls%20Pic;size=10;mime=image/png", null);
        Assert.Equal(59, reply.Status);
        Assert.Contains("text/gemini, text/plain, text/markdown", reply.Meta, StringComparison.Ordinal);
        Assert.Null(server.Store.Find(PageName.Parse("Tls Pic")));
    }

    [Fact]
    public async Task An_upload_cut_short_saves_nothing()
    {
        var partial = Encoding.UTF8.GetBytes("only part of it");
        var reply = await server.AsAlice.SendAsync($"titan://localhost:{server.Port}/raw/Tls%20Short;size=500", partial, closeAfterBody: true);
        Assert.Equal(59, reply.Status);
        Assert.Contains("cut short", reply.Meta, StringComparison.Ordinal);
        Assert.Null(server.Store.Find(PageName.Parse("Tls Short")));
    }

    [Fact]
    public async Task Concurrent_uploads_to_one_page_lose_nothing()
    {
        const int uploads = 10;
        var replies = await Task.WhenAll(Enumerable.Range(1, uploads)
            .Select(i => server.AsAlice.UploadAsync("Tls%20Race", $"version {i}\n")));

        Assert.All(replies, r => Assert.Equal(30, r.Status));
        var name = PageName.Parse("Tls Race");
        var history = server.Store.History(name);
        Assert.Equal(Enumerable.Range(1, uploads).Reverse(), history.Select(h => h.Number));
        var texts = history.Select(h => server.Store.FindRevision(name, h.Number)!.Text).Order();
        Assert.Equal(Enumerable.Range(1, uploads).Select(i => $"version {i}\n").Order(), texts);
    }

    [Fact]
    public async Task A_missing_page_answers_51_with_how_to_create_it()
    {
        var reply = await server.Anonymous.GetAsync("/page/Tls%20Nowhere");
        Assert.Equal(51, reply.Status);
        Assert.Contains("/do/new", reply.Meta, StringComparison.Ordinal);
    }
}
