using System.Net;
using System.Text.RegularExpressions;
using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Web.Tests.Http;

/// <summary>The web front over real HTTPS with client certificates, on the same server and database as the Gemini side.</summary>
public sealed class WebFrontTests(WebServerFixture wiki) : IClassFixture<WebServerFixture>
{
    [Fact]
    public async Task Anyone_reads_the_main_page_as_html_with_the_security_headers()
    {
        using var browser = wiki.Browser();
        using var response = await browser.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.StartsWith("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("<h1>Shipped home page</h1>", html);
        Assert.Contains("<a href=\"/page/Help\">Help</a>", html);
        Assert.Contains($"gemini://localhost:{wiki.GeminiPort}/", html);
    }

    [Fact]
    public async Task Http2_is_offered()
    {
        using var browser = wiki.Browser(version: HttpVersion.Version20);
        using var response = await browser.GetAsync("/page/Help");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task The_stylesheet_is_served_from_the_app()
    {
        using var browser = wiki.Browser();
        using var response = await browser.GetAsync("/.web/wiki.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("prefers-color-scheme: dark", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Raw_text_is_plain_text_and_static_gemtext_is_html()
    {
        using var browser = wiki.Browser();
        using var raw = await browser.GetAsync("/raw/Help");
        using var about = await browser.GetAsync("/about.gmi");

        Assert.Equal("text/plain; charset=utf-8", raw.Content.Headers.ContentType!.ToString());
        Assert.Equal("# Help\nHow to edit.\n", await raw.Content.ReadAsStringAsync());
        Assert.Contains("<h1>About this capsule</h1>", await about.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_page_is_404_saying_what_the_gemini_side_says()
    {
        using var browser = wiki.Browser();
        using var response = await browser.GetAsync("/page/Nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no page &#x27;Nowhere&#x27; yet", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Search_is_a_form_whose_answer_is_the_gemini_query()
    {
        using var browser = wiki.Browser();
        var prompt = await browser.GetStringAsync("/do/search");
        var results = await browser.GetStringAsync("/do/search?q=how+to");

        Assert.Contains("<form method=\"get\" action=\"/do/search\">", prompt);
        Assert.Contains("<a href=\"/page/Help\">", results);
    }

    [Fact]
    public async Task Without_a_certificate_the_account_is_401_with_how_to_get_one()
    {
        using var browser = wiki.Browser();
        using var response = await browser.GetAsync("/account");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("openssl pkcs12 -export", html);
        Assert.Contains("<a href=\"/register\">Register</a>", html);
    }

    [Fact]
    public async Task A_denied_certificate_gets_403_with_the_reason()
    {
        using var browser = wiki.Browser(wiki.Mallory);
        using var register = await browser.GetAsync("/register");
        using var edit = await browser.GetAsync("/edit/Help");

        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Contains("<h1>Not authorised</h1>", await register.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Registering_and_editing_in_the_browser_shows_on_the_gemini_side()
    {
        using var certificate = TestCertificates.Create("webber");
        using var browser = wiki.Browser(certificate);
        await wiki.RegisterAsync(browser, "webber");

        var account = await browser.GetStringAsync("/account");
        var form = await browser.GetStringAsync("/edit/Web%20Page");
        using var saved = await browser.PostAsync("/edit/Web%20Page", WebServerFixture.Form(
            ("form-token", WebServerFixture.TokenIn(form)), ("base", "0"), ("text", "# Written in a browser\n<script>x</script>\n"), ("format", "gemtext")));
        var gemini = await new TestClient(wiki.GeminiPort, certificate).GetAsync("/page/Web%20Page");
        var history = await new TestClient(wiki.GeminiPort).GetAsync("/history/Web%20Page");
        var page = await browser.GetStringAsync("/page/Web%20Page");

        Assert.Contains("<h1>Account webber</h1>", account);
        Assert.Contains("<input type=\"hidden\" name=\"base\" value=\"0\">", form);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal("/page/Web%20Page", saved.Headers.Location!.OriginalString);
        Assert.Equal(20, gemini.Status);
        Assert.StartsWith("# Written in a browser\n<script>x</script>\n", gemini.Text);
        Assert.Contains("webber", history.Text);
        Assert.Contains("<p>&lt;script&gt;x&lt;/script&gt;</p>", page);
    }

    [Fact]
    public async Task A_post_without_a_valid_token_is_400_and_changes_nothing()
    {
        using var certificate = TestCertificates.Create("forger");
        using var browser = wiki.Browser(certificate);
        await wiki.RegisterAsync(browser, "forged");
        await browser.GetStringAsync("/edit/Forged");

        using var missing = await browser.PostAsync("/edit/Forged", WebServerFixture.Form(("base", "0"), ("text", "no token")));
        using var wrong = await browser.PostAsync("/edit/Forged", WebServerFixture.Form(("form-token", "made-up"), ("base", "0"), ("text", "bad token")));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Nothing was changed", await wrong.Content.ReadAsStringAsync());
        Assert.Null(wiki.Store.Find(PageName.Parse("Forged")));
    }

    [Fact]
    public async Task A_token_made_for_another_certificate_is_refused()
    {
        using var alice = TestCertificates.Create("tokenalice");
        using var bob = TestCertificates.Create("tokenbob");
        var aliceCookies = new CookieContainer();
        using var asAlice = wiki.Browser(alice, cookies: aliceCookies);
        using var asBob = wiki.Browser(bob);
        await wiki.RegisterAsync(asAlice, "tokenalice");
        await wiki.RegisterAsync(asBob, "tokenbob");

        // Alice's page carries a token for Alice; Bob's browser sends it with Alice's cookie.
        var token = WebServerFixture.TokenIn(await asAlice.GetStringAsync("/edit/Shared"));
        var cookie = aliceCookies.GetCookieHeader(wiki.WebAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/edit/Shared")
        {
            Content = WebServerFixture.Form(("form-token", token), ("base", "0"), ("text", "posted as bob with alice's token")),
        };
        request.Headers.Add("Cookie", cookie);
        using var response = await new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                ClientCertificates = [bob],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => bob,
            },
        }) { BaseAddress = wiki.WebAddress }.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(wiki.Store.Find(PageName.Parse("Shared")));
    }

    [Theory]
    [InlineData("", "racer", "Race")]
    [InlineData("/docs", "docracer", "DocRace")]
    public async Task A_save_based_on_an_old_revision_shows_both_texts_and_overwrites_nothing(string space, string account, string page)
    {
        using var certificate = TestCertificates.Create(account);
        using var browser = wiki.Browser(certificate);
        await wiki.RegisterAsync(browser, account);
        var edit = $"{space}/edit/{page}";
        var form = await browser.GetStringAsync(edit);
        using var first = await browser.PostAsync(edit, WebServerFixture.Form(
            ("form-token", WebServerFixture.TokenIn(form)), ("base", "0"), ("text", "first text\n")));

        // The same form (based on "no page yet") sent again after the first save landed.
        using var stale = await browser.PostAsync(edit, WebServerFixture.Form(
            ("form-token", WebServerFixture.TokenIn(form)), ("base", "0"), ("text", "second <text>\n")));
        var html = await stale.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("<pre>first text\n</pre>", WebUtility.HtmlDecode(html).Replace("&#xA;", "\n"));
        Assert.Contains("second &lt;text&gt;", html);
        // The new form stays in the space and is based on the revision that won.
        Assert.Contains($"<form method=\"post\" action=\"{edit}\">", html);
        Assert.Contains("<input type=\"hidden\" name=\"base\" value=\"1\">", html);
        var (store, other) = space.Length == 0 ? (wiki.Store, wiki.SpaceStore("docs")) : (wiki.SpaceStore("docs"), wiki.Store);
        var current = store.Find(PageName.Parse(page))!;
        Assert.Equal((1, "first text\n"), (current.Revision, current.Text));
        Assert.Null(other.Find(PageName.Parse(page)));
    }

    [Fact]
    public async Task A_form_larger_than_the_limit_is_refused_before_anything_is_saved()
    {
        using var certificate = TestCertificates.Create("bigger");
        using var browser = wiki.Browser(certificate);
        await wiki.RegisterAsync(browser, "bigger");
        var form = await browser.GetStringAsync("/edit/Big");

        using var tooLong = await browser.PostAsync("/edit/Big", WebServerFixture.Form(
            ("form-token", WebServerFixture.TokenIn(form)), ("base", "0"), ("text", new string('x', 1001))));
        using var tooLarge = await browser.PostAsync("/edit/Big", WebServerFixture.Form(
            ("form-token", WebServerFixture.TokenIn(form)), ("base", "0"), ("text", new string('x', 30_000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Null(wiki.Store.Find(PageName.Parse("Big")));
    }

    [Fact]
    public async Task A_get_never_registers_whatever_its_query_says()
    {
        using var certificate = TestCertificates.Create("linked");
        using var browser = wiki.Browser(certificate);

        using var response = await browser.GetAsync("/register?linked");
        using var account = await browser.GetAsync("/account");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(new Regex("<form method=\"post\" action=\"/register\">"), await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, account.StatusCode);
    }

    [Fact]
    public async Task The_gemini_edit_instructions_lead_to_the_edit_form()
    {
        using var browser = wiki.Browser();
        using var response = await browser.GetAsync("/do/edit/Help");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/edit/Help", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_markdown_page_is_rendered_by_markdig_with_raw_html_escaped_and_the_wiki_footer()
    {
        using var browser = wiki.Browser();
        var html = await browser.GetStringAsync("/page/Notes");

        Assert.Contains("<h1>Notes</h1>", html);
        Assert.Contains("<strong>bold</strong>", html);
        Assert.Contains("&lt;b&gt;raw html&lt;/b&gt;", html);
        Assert.Contains("<p>A script and <a href=\"/page/Help\">help</a>.</p>", html);
        Assert.Contains("<a href=\"/page/Help\">help</a>", html);
        Assert.Contains("<a href=\"/history/Notes\">History</a>", html);
        Assert.DoesNotContain("javascript:", html);
    }

    [Fact]
    public async Task Appending_goes_through_the_gemini_confirmation_as_a_form()
    {
        using var certificate = TestCertificates.Create("appender");
        using var browser = wiki.Browser(certificate);
        await wiki.RegisterAsync(browser, "appender");
        await wiki.Store.SaveAsync(PageName.Parse("Log"), "first line\n", PageFormat.Gemtext, PageAuthor.System, CancellationToken.None);

        // The link redirects to a one-time URL for this certificate, whose prompt is a form.
        using var link = await browser.GetAsync("/do/append/Log");
        var confirmation = link.Headers.Location!.OriginalString;
        var form = await browser.GetStringAsync(confirmation);
        using var answered = await browser.GetAsync(confirmation + "?q=added+from+the+web");

        Assert.Equal(HttpStatusCode.Found, link.StatusCode);
        Assert.StartsWith("/do/append/Log", confirmation);
        Assert.Contains($"<form method=\"get\" action=\"{confirmation}\">", form);
        Assert.Equal(HttpStatusCode.Found, answered.StatusCode);
        Assert.Equal("first line\nadded from the web\n", wiki.Store.Find(PageName.Parse("Log"))!.Text);
    }

    [Fact]
    public async Task Each_request_writes_one_access_line_with_status_type_size_and_certificate()
    {
        using var certificate = TestCertificates.Create("logged");
        using var browser = wiki.Browser(certificate);
        using var page = await browser.GetAsync("/page/Help?logged");
        using var missing = await wiki.Browser().GetAsync("/page/Logged%20Nowhere");

        var url = $"GET https://{wiki.WebAddress.Authority}/page/Help?logged";
        var line = Assert.Single(wiki.AccessLines.Lines, l => l.Url == url);
        Assert.Equal(IPAddress.Loopback, line.Remote);
        Assert.Equal(200, line.Status);
        Assert.Equal("text/html; charset=utf-8", line.Meta);
        Assert.Equal(page.Content.Headers.ContentLength, line.Bytes);
        Assert.Equal(GeminiWiki.Domain.Identity.Fingerprint.Of(certificate).Hex[..16], line.Certificate);
        var refused = Assert.Single(wiki.AccessLines.Lines, l => l.Url.EndsWith("/page/Logged%20Nowhere", StringComparison.Ordinal));
        Assert.Equal(404, refused.Status);
        Assert.Equal("-", refused.Certificate);
    }
}
