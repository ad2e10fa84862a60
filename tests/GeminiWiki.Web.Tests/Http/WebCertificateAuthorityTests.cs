using System.Net;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Server.Commands;
using GeminiWiki.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiWiki.Web.Tests.Http;

/// <summary>The wiki CA's /ca.crt and /ca.crl come through the Gemini dispatcher to the web front, with their own content types.</summary>
public sealed class WebCertificateAuthorityTests : IAsyncLifetime
{
    private TestServer? _server;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(settings: [("Web:Enabled", "true")]);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static HttpClient Browser(Uri address) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        SslOptions = new() { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
    })
    { BaseAddress = address };

    [Fact]
    public async Task The_ca_certificate_and_crl_are_a_404_page_before_the_first_issue_and_der_files_after()
    {
        var server = _server!;
        var address = await server.Services.GetRequiredService<WebFrontService>().Address;
        using var browser = Browser(address);

        using var before = await browser.GetAsync("/ca.crt");
        using var crlBefore = await browser.GetAsync("/ca.crl");
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, crlBefore.StatusCode);
        Assert.Contains("geminiwiki issue &lt;account&gt;", await before.Content.ReadAsStringAsync());

        var p12 = Path.Combine(server.Root, "dana.p12");
        var output = new StringWriter();
        var error = new StringWriter();
        var code = AdminCommandLine.Run(["issue", "dana", "--out", p12, "--config", Path.Combine(server.Root, "gemini.json"), "--Gemini:DataDirectory", server.DataDirectory], output, error);
        Assert.Equal((AdminCommandLine.Ok, string.Empty), (code, error.ToString()));

        using var certificate = await browser.GetAsync("/ca.crt");
        using var crl = await browser.GetAsync("/ca.crl");
        using var onDisk = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(server.CertificateDirectory, "ca.crt")));

        Assert.Equal(HttpStatusCode.OK, certificate.StatusCode);
        Assert.Equal("application/x-x509-ca-cert", certificate.Content.Headers.ContentType!.ToString());
        Assert.Equal(onDisk.RawData, await certificate.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, crl.StatusCode);
        Assert.Equal("application/pkix-crl", crl.Content.Headers.ContentType!.ToString());
        CertificateRevocationListBuilder.Load(await crl.Content.ReadAsByteArrayAsync(), out var crlNumber);
        Assert.Equal(BigInteger.One, crlNumber);
    }
}
