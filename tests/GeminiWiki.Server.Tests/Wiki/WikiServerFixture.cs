using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Server.Connections;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GeminiWiki.Server.Tests.Wiki;

/// <summary>
/// Stands in for the identity work: no certificate → 60, a certificate not on the list → 61,
/// a listed certificate edits as its account.
/// </summary>
public sealed class CertificateListGate(IReadOnlyDictionary<Fingerprint, string> accounts) : IAccessGate
{
    public AccessResult CheckRead(GeminiRequest request) => AccessResult.Allow(Identify(request));

    public AccessResult CheckEdit(GeminiRequest request)
    {
        var visitor = Identify(request);
        if (!visitor.HasCertificate)
        {
            return AccessResult.Refuse(visitor, GeminiResponse.CertificateRequired("Editing needs a client certificate: activate your identity for this capsule"));
        }

        return visitor.AccountName is null
            ? AccessResult.Refuse(visitor, GeminiResponse.CertificateNotAuthorised($"Certificate {visitor.Fingerprint!.Value.Short} is not registered: visit /register"))
            : AccessResult.Allow(visitor);
    }

    public Visitor Identify(GeminiRequest request)
    {
        if (request.ClientCertificate is not { } certificate)
        {
            return Visitor.Anonymous;
        }

        var fingerprint = Fingerprint.Of(certificate);
        return new Visitor(fingerprint, accounts.TryGetValue(fingerprint, out var account) ? account : null, false);
    }
}

/// <summary>The real server on a free port with a data folder, content folder (with shipped wiki pages) and certificates in temp.</summary>
public sealed class WikiServerFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "geminiwiki-wiki-tls-" + Guid.NewGuid().ToString("N"));
    private IHost? _host;

    public X509Certificate2 Alice { get; } = WikiTlsClient.CreateCertificate("alice");

    public X509Certificate2 Stranger { get; } = WikiTlsClient.CreateCertificate("stranger");

    public int Port { get; private set; }

    public IPageStore Store => _host!.Services.GetRequiredService<IPageStore>();

    public WikiTlsClient Anonymous => new(Port);

    public WikiTlsClient AsAlice => new(Port, Alice);

    public WikiTlsClient AsStranger => new(Port, Stranger);

    public async Task InitializeAsync()
    {
        var content = Path.Combine(_root, "content");
        Directory.CreateDirectory(Path.Combine(content, "wiki"));
        await File.WriteAllTextAsync(Path.Combine(content, "wiki", "Home.gmi"), "# Shipped home page\n=> /page/Help Help\n");
        await File.WriteAllTextAsync(Path.Combine(content, "wiki", "Help.gmi"), "# Help\nHow to edit.\n");

        var gate = new CertificateListGate(new Dictionary<Fingerprint, string> { [Fingerprint.Of(Alice)] = "alice" });
        _host = ServerHost.Build(
            [
                "--Gemini:Port", "0",
                "--Gemini:ListenAddresses:0", "127.0.0.1",
                "--Gemini:DataDirectory", Path.Combine(_root, "data"),
                "--Gemini:CertificateDirectory", Path.Combine(_root, "certs"),
                "--Gemini:ContentDirectory", content,
                "--Wiki:MaxPageBytes", "1000",
            ],
            services => services.AddSingleton<IAccessGate>(gate));
        await _host.StartAsync();
        Port = (await _host.Services.GetRequiredService<GeminiListenerService>().BoundEndPoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        Alice.Dispose();
        Stranger.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
