using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiWiki.Web.Tests.Http;

/// <summary>The real server with its web front on free ports, the real identity gate and stores in a temp folder.</summary>
public sealed partial class WebServerFixture : IAsyncLifetime
{
    private TestServer? _server;

    /// <summary>On the deny-list: refused everywhere a certificate counts.</summary>
    public X509Certificate2 Mallory { get; } = TestCertificates.Create("mallory");

    public Uri WebAddress { get; private set; } = null!;

    /// <summary>Every access line the web front wrote.</summary>
    public RecordedAccessLog AccessLines { get; } = new();

    public int GeminiPort => _server!.Port;

    public IPageStore Store => _server!.Services.GetRequiredService<IPageStore>();

    public TestServer Server => _server!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
            settings:
            [
                ("Web:Enabled", "true"),
                ("Wiki:MaxPageBytes", "1000"),
                ("Identity:RegistrationsPerIpPerHour", "1000"),
                ("Identity:DenyList:0", Fingerprint.Of(Mallory).Hex),
            ],
            services: services => services.AddSingleton<IWebAccessLog>(AccessLines),
            content: new Dictionary<string, string>
            {
                ["wiki/Home.gmi"] = "# Shipped home page\n=> /page/Help Help\n",
                ["wiki/Help.gmi"] = "# Help\nHow to edit.\n",
                ["about.gmi"] = "# About this capsule\n",
                ["wiki/Notes.md"] = "# Notes\n\nSome **bold** text and <b>raw html</b>.\n\n[A script](javascript:alert(1)) and [help](/page/Help).\n",
            });
        WebAddress = await _server.Services.GetRequiredService<WebFrontService>().Address;
    }

    /// <summary>A browser-like client: its own cookies, the given certificate (or none), redirects not followed.</summary>
    public HttpClient Browser(X509Certificate2? certificate = null, Version? version = null, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = cookies ?? new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                // The test server's certificate is self-signed, as the Gemini one is.
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
                LocalCertificateSelectionCallback = certificate is null ? null : (_, _, _, _, _) => certificate,
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = WebAddress,
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>The antiforgery token a form page carries.</summary>
    public static string TokenIn(string html) => TokenField().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException("The page has no form token: " + html);

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>Registers <paramref name="name"/> through the web form, as a person would.</summary>
    public async Task RegisterAsync(HttpClient browser, string name)
    {
        var form = await browser.GetStringAsync("/register");
        using var posted = await browser.PostAsync("/register", Form(("form-token", TokenIn(form)), ("name", name)));
        if (posted.StatusCode != HttpStatusCode.SeeOther)
        {
            throw new InvalidOperationException($"Registering {name}: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Mallory.Dispose();
    }

    [GeneratedRegex("name=\"form-token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

/// <summary>Keeps the access lines instead of writing them, for tests to read.</summary>
public sealed class RecordedAccessLog : IWebAccessLog
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Line> _lines = new();

    public IReadOnlyList<Line> Lines => [.. _lines];

    public void Request(IPAddress? remote, string url, int status, string meta, long bytes, double durationMs, string certificate) =>
        _lines.Enqueue(new Line(remote, url, status, meta, bytes, certificate));

    public sealed record Line(IPAddress? Remote, string Url, int Status, string Meta, long Bytes, string Certificate);
}
