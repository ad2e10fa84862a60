using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Tests.Spaces;

/// <summary>Spaces through the real server: a space on its own host with its own certificate (SNI), a private space, bad settings.</summary>
public sealed class SpacesOverTlsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(settings:
        [
            ("Wiki:Spaces:0:Name", "docs"),
            ("Wiki:Spaces:0:Title", "Docs"),
            ("Wiki:Spaces:0:Host", "docs.test"),
            ("Wiki:Spaces:1:Name", "team"),
            ("Wiki:Spaces:1:Read", "Registered"),
        ]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(GeminiReply Reply, X509Certificate2 Certificate)> RequestAsync(string serverName, string url)
    {
        await using var connection = await GeminiTestClient.ConnectAsync(_server.Port, targetHost: serverName);
        var certificate = new X509Certificate2(connection.Tls.RemoteCertificate!);
        await connection.SendAsync(url + "\r\n");
        return (await connection.ReadReplyAsync(), certificate);
    }

    private string StoredFingerprint(string fileName)
    {
        using var stored = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_server.CertificateDirectory, fileName)));
        return Fingerprint.Of(stored).Hex;
    }

    [Fact]
    public async Task A_spaces_host_gets_its_own_certificate_and_the_space_at_the_root()
    {
        var (reply, certificate) = await RequestAsync("docs.test", $"gemini://docs.test:{_server.Port}/");

        Assert.Equal("CN=docs.test", certificate.Subject);
        Assert.Equal(StoredFingerprint("docs.test.crt"), Fingerprint.Of(certificate).Hex);
        Assert.Equal(20, reply.Status);
        Assert.StartsWith("# Docs\n\nThis wiki has no main page yet.\n", reply.Text, StringComparison.Ordinal);
        Assert.Contains("=> /do/changes Recent changes\n", reply.Text, StringComparison.Ordinal);
        certificate.Dispose();
    }

    [Fact]
    public async Task The_capsules_host_keeps_its_certificate_and_reaches_the_space_under_its_prefix()
    {
        var (reply, certificate) = await RequestAsync("localhost", _server.Url("/docs/"));

        Assert.Equal("CN=localhost", certificate.Subject);
        Assert.Equal(StoredFingerprint("server.crt"), Fingerprint.Of(certificate).Hex);
        Assert.Equal(20, reply.Status);
        Assert.Contains("=> /docs/do/changes Recent changes\n", reply.Text, StringComparison.Ordinal);
        certificate.Dispose();
    }

    [Fact]
    public async Task A_request_for_an_unknown_host_still_gets_53()
    {
        var (reply, certificate) = await RequestAsync("other.test", $"gemini://other.test:{_server.Port}/");

        Assert.Equal(53, reply.Status);
        Assert.Equal("CN=localhost", certificate.Subject);
        certificate.Dispose();
    }

    [Fact]
    public async Task A_private_space_asks_for_a_certificate_and_is_left_out_of_the_list()
    {
        var team = await GeminiTestClient.RequestAsync(_server.Port, _server.Url("/team/do/changes") + "\r\n");
        var spaces = await GeminiTestClient.RequestAsync(_server.Port, _server.Url("/do/spaces") + "\r\n");

        Assert.Equal(60, team.Status);
        Assert.Equal(20, spaces.Status);
        Assert.Contains("=> /docs/ Docs\n", spaces.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("team", spaces.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_space_ends_start_up_with_exit_2()
    {
        var root = Path.Combine(Path.GetTempPath(), "geminiwiki-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "gemini.json"), "{}");
        try
        {
            var exit = await ServerHost.RunAsync(
            [
                "--config", Path.Combine(root, "gemini.json"),
                "--Gemini:Port", "0",
                "--Gemini:ListenAddresses:0", "127.0.0.1",
                "--Serilog:MinimumLevel:Default", "Fatal",
                "--Wiki:Spaces:0:Name", "page",
            ]);

            Assert.Equal(ServerHost.ExitBadConfiguration, exit);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_validator_names_the_key_and_checks_hosts_against_the_capsules()
    {
        var gemini = Options.Create(new GeminiOptions { Hostname = "wiki.example" });
        var validator = new SpacesOptionsValidator(gemini, Options.Create(new WikiOptions()));

        var result = validator.Validate(null, new SpacesOptions
        {
            Spaces = [new SpaceOptions { Name = "page" }, new SpaceOptions { Name = "docs", Host = "WIKI.example" }],
        });

        Assert.Equal(
            [
                "Wiki:Spaces:0:Name 'page' is taken by the capsule's own /page routes; choose another name.",
                "Wiki:Spaces:1:Host 'WIKI.example' is the capsule's own host (Gemini:Hostname or HostAliases); a space needs a host of its own.",
            ],
            result.Failures);
    }
}
