using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Web.Tests.Http;

/// <summary>Spaces on the web front over real HTTPS: editing under a prefix, a private space's policy, a space at its own host.</summary>
public sealed class WebSpacesTests(WebServerFixture wiki) : IClassFixture<WebServerFixture>
{
    private static readonly PageAuthor Seeder = new("seeder", null);

    private async Task<HttpResponseMessage> GetAtAsync(HttpClient browser, string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = $"{host}:{wiki.WebAddress.Port}";
        return await browser.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAtAsync(HttpClient browser, string host, string path, HttpContent form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        request.Headers.Host = $"{host}:{wiki.WebAddress.Port}";
        return await browser.SendAsync(request);
    }

    [Fact]
    public async Task Editing_a_page_in_a_space_saves_it_there_and_every_link_stays_in_the_space()
    {
        using var certificate = TestCertificates.Create("spacer");
        using var browser = wiki.Browser(certificate);
        await wiki.RegisterAsync(browser, "spacer");

        using var instructions = await browser.GetAsync("/docs/do/edit/Guide");
        var form = await browser.GetStringAsync("/docs/edit/Guide");
        using var saved = await browser.PostAsync("/docs/edit/Guide", WebServerFixture.Form(
            ("form-token", WebServerFixture.TokenIn(form)), ("base", "0"), ("text", "# The guide\n=> /page/Other Other\n"), ("format", "gemtext")));
        var page = await browser.GetStringAsync("/docs/page/Guide");
        var gemini = await new TestClient(wiki.GeminiPort).GetAsync("/docs/page/Guide");

        Assert.Equal(HttpStatusCode.Found, instructions.StatusCode);
        Assert.Equal("/docs/edit/Guide", instructions.Headers.Location!.OriginalString);
        Assert.Contains("<form method=\"post\" action=\"/docs/edit/Guide\">", form);
        Assert.Contains("<a href=\"/docs/page/Guide\">Back to the page</a>", form);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal("/docs/page/Guide", saved.Headers.Location!.OriginalString);
        Assert.Equal("# The guide\n=> /page/Other Other\n", wiki.SpaceStore("docs").Find(PageName.Parse("Guide"))!.Text);
        Assert.Equal("spacer", wiki.SpaceStore("docs").Find(PageName.Parse("Guide"))!.Author.Label);
        Assert.Null(wiki.Store.Find(PageName.Parse("Guide")));
        Assert.Equal(20, gemini.Status);
        Assert.Contains("<a href=\"/docs/page/Other\">", page);
        Assert.Contains("<a href=\"/docs/do/edit/Guide\">", page);
    }

    [Fact]
    public async Task A_private_space_is_401_without_a_certificate_403_off_the_allow_list_and_editable_on_it()
    {
        using var outsiderCertificate = TestCertificates.Create("outsider");
        using var anonymous = wiki.Browser();
        using var outsider = wiki.Browser(outsiderCertificate);
        using var teammate = wiki.Browser(wiki.Teammate);
        await wiki.RegisterAsync(outsider, "outsider");

        using var noCertificate = await anonymous.GetAsync("/team/edit/Plan");
        using var notListed = await outsider.GetAsync("/team/edit/Plan");
        var outsiderToken = WebServerFixture.TokenIn(await outsider.GetStringAsync("/docs/edit/Anything"));
        using var notListedPost = await outsider.PostAsync("/team/edit/Plan", WebServerFixture.Form(
            ("form-token", outsiderToken), ("base", "0"), ("text", "not mine to write\n")));
        var geminiAnonymous = await new TestClient(wiki.GeminiPort).GetAsync("/team/page/Plan");
        var geminiOutsider = await new TestClient(wiki.GeminiPort, outsiderCertificate).GetAsync("/team/page/Plan");

        Assert.Equal(HttpStatusCode.Unauthorized, noCertificate.StatusCode);
        Assert.Equal(60, geminiAnonymous.Status);
        Assert.Contains(WebUtility.HtmlEncode(geminiAnonymous.Meta), await noCertificate.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, notListed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notListedPost.StatusCode);
        Assert.Equal(61, geminiOutsider.Status);
        Assert.Contains(WebUtility.HtmlEncode(geminiOutsider.Meta), await notListed.Content.ReadAsStringAsync());
        Assert.Null(wiki.SpaceStore("team").Find(PageName.Parse("Plan")));

        var form = await teammate.GetStringAsync("/team/edit/Plan");
        using var saved = await teammate.PostAsync("/team/edit/Plan", WebServerFixture.Form(
            ("form-token", WebServerFixture.TokenIn(form)), ("base", "0"), ("text", "the team's plan\n")));

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal("/team/page/Plan", saved.Headers.Location!.OriginalString);
        Assert.Equal("the team's plan\n", wiki.SpaceStore("team").Find(PageName.Parse("Plan"))!.Text);
    }

    [Fact]
    public async Task A_space_with_a_host_answers_at_the_root_of_that_host_and_edits_there_without_a_prefix()
    {
        await wiki.SpaceStore("lab").SaveAsync(PageName.Parse("Home"), "# Lab home\n", PageFormat.Gemtext, Seeder, CancellationToken.None);
        using var certificate = TestCertificates.Create("labrat");
        using var browser = wiki.Browser(certificate);
        await wiki.RegisterAsync(browser, "labrat");

        using var home = await GetAtAsync(browser, WebServerFixture.LabHost, "/");
        using var instructions = await GetAtAsync(browser, WebServerFixture.LabHost, "/do/edit/Bench");
        using var formPage = await GetAtAsync(browser, WebServerFixture.LabHost, "/edit/Bench");
        var form = await formPage.Content.ReadAsStringAsync();
        using var saved = await PostAtAsync(browser, WebServerFixture.LabHost, "/edit/Bench", WebServerFixture.Form(
            ("form-token", WebServerFixture.TokenIn(form)), ("base", "0"), ("text", "# Lab notes\n")));
        using var shown = await GetAtAsync(browser, WebServerFixture.LabHost, "/page/Bench");
        var underPrefix = await browser.GetStringAsync("/lab/page/Bench");
        using var anonymous = wiki.Browser();
        using var anonymousEdit = await GetAtAsync(anonymous, WebServerFixture.LabHost, "/edit/Bench");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("<h1>Lab home</h1>", await home.Content.ReadAsStringAsync());
        Assert.Equal("/edit/Bench", instructions.Headers.Location!.OriginalString);
        Assert.Contains("<form method=\"post\" action=\"/edit/Bench\">", form);
        Assert.Contains("<title>Editing Bench – The Lab</title>", form);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal("/page/Bench", saved.Headers.Location!.OriginalString);
        Assert.Equal("# Lab notes\n", wiki.SpaceStore("lab").Find(PageName.Parse("Bench"))!.Text);
        Assert.Null(wiki.Store.Find(PageName.Parse("Bench")));
        Assert.Contains("<h1>Lab notes</h1>", await shown.Content.ReadAsStringAsync());
        Assert.Contains("<h1>Lab notes</h1>", underPrefix);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousEdit.StatusCode);
    }

    [Fact]
    public async Task A_markdown_page_in_a_space_is_rendered_by_markdig_with_its_page_links_in_the_space()
    {
        await wiki.SpaceStore("docs").SaveAsync(PageName.Parse("Manual"), "# Manual\n\nSee [help](/page/Help) and **bold** text.\n", PageFormat.Markdown, Seeder, CancellationToken.None);
        using var browser = wiki.Browser();

        var html = await browser.GetStringAsync("/docs/page/Manual");

        Assert.Contains("<strong>bold</strong>", html);
        Assert.Contains("<a href=\"/docs/page/Help\">help</a>", html);
        Assert.Contains("<a href=\"/docs/do/edit/Manual\">", html);
    }

    [Fact]
    public async Task A_space_host_gets_the_certificate_the_gemini_side_shows_for_it_and_other_names_the_capsules()
    {
        using var lab = await ServerCertificateForAsync(WebServerFixture.LabHost);
        using var capsule = await ServerCertificateForAsync("localhost");
        using var labOnDisk = X509Certificate2.CreateFromPemFile(
            Path.Combine(wiki.Server.CertificateDirectory, WebServerFixture.LabHost + ".crt"), Path.Combine(wiki.Server.CertificateDirectory, WebServerFixture.LabHost + ".key"));

        Assert.Equal(labOnDisk.Thumbprint, lab.Thumbprint);
        Assert.NotEqual(lab.Thumbprint, capsule.Thumbprint);
    }

    private async Task<X509Certificate2> ServerCertificateForAsync(string serverName)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, wiki.WebAddress.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
        });
        return new X509Certificate2(tls.RemoteCertificate!);
    }

    [Fact]
    public async Task An_unknown_host_header_is_answered_as_the_capsule()
    {
        using var browser = wiki.Browser();
        using var home = await GetAtAsync(browser, "other.example", "/");
        using var help = await GetAtAsync(browser, "other.example", "/page/Help");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("<h1>Shipped home page</h1>", await home.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, help.StatusCode);
    }
}
