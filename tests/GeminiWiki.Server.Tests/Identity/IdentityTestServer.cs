using System.Net;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Server.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Server.Tests.Identity;

/// <summary>
/// The real host on port 0 with its own temp folders and a fake clock, plus two probe pages that
/// are mapped exactly as the wiki's routes are: /probe/read (read access) and /probe/edit (edit access).
/// </summary>
internal sealed class IdentityTestServer : IAsyncDisposable
{
    private readonly TestServer _server;

    private IdentityTestServer(TestServer server, FakeTimeProvider time)
    {
        _server = server;
        Time = time;
        EndPoint = new IPEndPoint(IPAddress.Loopback, server.Port);
    }

    public FakeTimeProvider Time { get; }

    public IPEndPoint EndPoint { get; }

    public string DataDirectory => _server.DataDirectory;

    public string CertificateDirectory => _server.CertificateDirectory;

    public string Root => _server.Root;

    public IAccountStore Accounts => _server.Services.GetRequiredService<IAccountStore>();

    public IAllowList AllowList => _server.Services.GetRequiredService<IAllowList>();

    public IAuditLog Audit => _server.Services.GetRequiredService<IAuditLog>();

    /// <summary>The host's live configuration: adding a source here is what editing gemini.json does.</summary>
    public IConfigurationBuilder Configuration => (IConfigurationBuilder)_server.Services.GetRequiredService<IConfiguration>();

    /// <param name="settings">Pairs of "--Section:Key" and value, as on the command line.</param>
    public static Task<IdentityTestServer> StartAsync(params string[] settings) => StartInAsync(null, settings);

    /// <summary>Starts in <paramref name="root"/> (kept afterwards) when given: a restart on the same folders.</summary>
    public static async Task<IdentityTestServer> StartInAsync(string? root, params string[] settings)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pairs = settings.Chunk(2).Select(pair => (pair[0].TrimStart('-'), pair[1]));
        var server = await TestServer.StartAsync(
            settings: pairs,
            services: services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<IRouteModule<Visitor>, ProbeRoutes>();
            },
            content: new Dictionary<string, string>(),
            root: root);
        return new IdentityTestServer(server, time);
    }

    public Task<GeminiReply> GetAsync(string pathAndQuery, X509Certificate2? certificate) =>
        new TestClient(EndPoint, certificate).SendAsync($"gemini://localhost:{EndPoint.Port}{pathAndQuery}", null);

    /// <summary>Requests a state-changing path as a person's client does: follows the redirect to its token URL.</summary>
    public async Task<GeminiReply> FollowAsync(string pathAndQuery, X509Certificate2? certificate)
    {
        var first = await GetAsync(pathAndQuery, certificate);
        return first.Status == 30 && first.Meta.StartsWith('/') ? await GetAsync(first.Meta, certificate) : first;
    }

    /// <summary>Follows the redirect to the token URL and, asked to type yes, answers yes.</summary>
    public async Task<GeminiReply> ConfirmAsync(string pathAndQuery, X509Certificate2? certificate)
    {
        var first = await GetAsync(pathAndQuery, certificate);
        if (first.Status != 30 || !first.Meta.StartsWith('/'))
        {
            return first;
        }

        var prompt = await GetAsync(first.Meta, certificate);
        return prompt.Status == 10 && prompt.Meta.StartsWith("Type yes to ", StringComparison.Ordinal)
            ? await GetAsync(first.Meta + "?yes", certificate)
            : prompt;
    }

    /// <summary>Stops the server and releases the database (the folders stay until disposal).</summary>
    public Task StopAsync() => _server.StopAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed class ProbeRoutes : IRouteModule<Visitor>
    {
        public void MapRoutes(RouteTable<Visitor> routes) => routes
            .Map("/probe/read", RouteAccess.Read, (call, _) => Answer(call, "read"))
            .Map("/probe/edit", RouteAccess.Edit, (call, _) => Answer(call, "edited"));

        private static ValueTask<GeminiResponse> Answer(GeminiCall<Visitor> call, string done) =>
            ValueTask.FromResult(GeminiResponse.Gemtext($"{done} as {call.Visitor.AuthorLabel}\n"));
    }
}
