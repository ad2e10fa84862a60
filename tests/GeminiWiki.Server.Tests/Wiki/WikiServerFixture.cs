using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiWiki.Server.Tests.Wiki;

/// <summary>
/// Stands in for the identity work: no certificate → 60, a certificate not on the list → 61,
/// a listed certificate edits as its account.
/// </summary>
public sealed class CertificateListGate(IReadOnlyDictionary<Fingerprint, string> accounts) : IAccessGate<Visitor>
{
    public Visitor Identify(GeminiRequest request)
    {
        if (request.Client is not { } client)
        {
            return Visitor.Anonymous;
        }

        var fingerprint = Fingerprint.Of(client);
        return new Visitor(fingerprint, accounts.TryGetValue(fingerprint, out var account) ? account : null, false);
    }

    public GeminiResponse? Refuse(Visitor visitor, RouteAccess access)
    {
        if (access is RouteAccess.Public or RouteAccess.Read)
        {
            return null;
        }

        if (!visitor.HasCertificate)
        {
            return GeminiResponse.CertificateRequired("Editing needs a client certificate: activate your identity for this capsule");
        }

        return visitor.AccountName is null
            ? GeminiResponse.CertificateNotAuthorised($"Certificate {visitor.Fingerprint!.Value.Short} is not registered: visit /register")
            : null;
    }
}

/// <summary>The real server on a free port with a data folder, content folder (with shipped wiki pages) and certificates in temp.</summary>
public sealed class WikiServerFixture : IAsyncLifetime
{
    private TestServer? _server;

    public X509Certificate2 Alice { get; } = TestCertificates.Create("alice");

    public X509Certificate2 Stranger { get; } = TestCertificates.Create("stranger");

    public int Port => _server!.Port;

    public IPageStore Store => _server!.Services.GetRequiredService<IPageStore>();

    public TestClient Anonymous => new(Port);

    public TestClient AsAlice => new(Port, Alice);

    public TestClient AsStranger => new(Port, Stranger);

    public async Task InitializeAsync()
    {
        var gate = new CertificateListGate(new Dictionary<Fingerprint, string> { [Fingerprint.Of(Alice)] = "alice" });
        _server = await TestServer.StartAsync(
            settings: [("Wiki:MaxPageBytes", "1000")],
            services: services => services.AddSingleton<IAccessGate<Visitor>>(gate),
            content: new Dictionary<string, string>
            {
                ["wiki/Home.gmi"] = "# Shipped home page\n=> /page/Help Help\n",
                ["wiki/Help.gmi"] = "# Help\nHow to edit.\n",
            });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Alice.Dispose();
        Stranger.Dispose();
    }
}
