using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Web.Tests.Http;
using Microsoft.Playwright;
using BrowserCertificate = Microsoft.Playwright.ClientCertificate;

namespace GeminiWiki.Web.Tests.Browser;

/// <summary>
/// The web front in a real browser: Debian's Chromium, headless, driven by Playwright, with client
/// certificates given to the browser context as a person imports them into a browser.
/// </summary>
public sealed class ChromiumTests(WebServerFixture wiki) : IClassFixture<WebServerFixture>, IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where the screenshots go, for a person to look at.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFactAttribute.Chromium))
        {
            // Only reached in CI (elsewhere the tests are skipped): fail with the reason.
            throw new InvalidOperationException($"{BrowserFactAttribute.Chromium} is missing; .ci/run installs it with apt-get install chromium.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private async Task<IPage> OpenAsync(X509Certificate2? certificate = null, ColorScheme scheme = ColorScheme.Light, ViewportSize? viewport = null)
    {
        var options = new BrowserNewContextOptions
        {
            // The test server's certificate is self-signed, as a fresh wiki's is.
            IgnoreHTTPSErrors = true,
            ColorScheme = scheme,
            ViewportSize = viewport ?? new ViewportSize { Width = 1024, Height = 800 },
            JavaScriptEnabled = false,
        };
        if (certificate is not null)
        {
            options.ClientCertificates =
            [
                new BrowserCertificate
                {
                    Origin = wiki.WebAddress.GetLeftPart(UriPartial.Authority),
                    Cert = System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()),
                    Key = System.Text.Encoding.ASCII.GetBytes(certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()),
                },
            ];
        }

        var context = await _browser!.NewContextAsync(options);
        return await context.NewPageAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    private string Url(string path) => new Uri(wiki.WebAddress, path).ToString();

    [BrowserFact]
    public async Task Anyone_reads_a_page_without_a_certificate()
    {
        var page = await OpenAsync();
        var response = await page.GotoAsync(Url("/"));

        Assert.Equal(200, response!.Status);
        Assert.Equal("Shipped home page", await page.Locator("main h1").InnerTextAsync());
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await ScreenshotAsync(page, "home-light");

        await page.GetByRole(AriaRole.Link, new() { Name = "All pages", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Notes", Exact = true }).ClickAsync();
        Assert.EndsWith("/page/Notes", page.Url);
        Assert.Equal("bold", await page.Locator("main strong").InnerTextAsync());
        Assert.Contains("<b>raw html</b>", await page.Locator("main").InnerTextAsync());
        await ScreenshotAsync(page, "markdown-page");

        // The stylesheet applied despite the Content-Security-Policy: links are not the browser's default blue.
        var linkColor = await page.Locator("main a").First.EvaluateAsync<string>("a => getComputedStyle(a).color");
        Assert.Equal("rgb(11, 87, 208)", linkColor);
    }

    [BrowserFact]
    public async Task With_a_certificate_a_person_registers_edits_and_the_gemini_side_shows_the_revision()
    {
        using var certificate = TestCertificates.Create("chromium");
        var page = await OpenAsync(certificate);

        await page.GotoAsync(Url("/register"));
        await page.FillAsync("#name", "chromium");
        await page.ClickAsync("button[type=submit]");
        Assert.EndsWith("/account", page.Url);
        Assert.Equal("Account chromium", await page.Locator("main h1").InnerTextAsync());

        await page.GotoAsync(Url("/page/Help"));
        await page.GetByRole(AriaRole.Link, new() { Name = "How to edit", Exact = true }).ClickAsync();
        Assert.EndsWith("/edit/Help", page.Url);
        Assert.Equal("# Help\nHow to edit.\n", await page.InputValueAsync("#text"));
        await page.FillAsync("#text", "# Help\nHow to edit.\n\nEdited in Chromium.\n");
        await ScreenshotAsync(page, "edit-form");
        await page.ClickAsync("button[type=submit]");

        Assert.EndsWith("/page/Help", page.Url);
        Assert.Contains("Edited in Chromium.", await page.Locator("main").InnerTextAsync());
        await ScreenshotAsync(page, "help-after-edit");
        var gemini = await new TestClient(wiki.GeminiPort).GetAsync("/history/Help");
        var revision = wiki.Store.Find(PageName.Parse("Help"))!;
        Assert.Equal(20, gemini.Status);
        Assert.Contains("chromium", gemini.Text);
        Assert.Equal(2, revision.Revision);
        Assert.Equal("chromium", revision.Author.Label);
    }

    [BrowserFact]
    public async Task A_banned_certificate_sees_a_403_page_that_says_why_and_what_to_do()
    {
        var page = await OpenAsync(wiki.Mallory, ColorScheme.Dark, new ViewportSize { Width = 390, Height = 844 });
        var response = await page.GotoAsync(Url("/register"));

        Assert.Equal(403, response!.Status);
        Assert.Equal("Not authorised", await page.Locator("main h1").InnerTextAsync());
        Assert.Contains("Manage certificates", await page.Locator("main").InnerTextAsync());
        await ScreenshotAsync(page, "banned-phone-dark");

        // The page fits a phone: nothing is wider than the screen.
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width}px wide on a 390px screen");
    }
}
