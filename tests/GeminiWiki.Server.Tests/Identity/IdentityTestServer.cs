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
/// use the access gate exactly as the wiki does: /probe/read (CheckRead) and /probe/edit (CheckEdit).
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

    public IdentityStore Store => _server.Services.GetRequiredService<IdentityStore>();

    /// <summary>The host's live configuration: adding a source here is what editing gemini.json does.</summary>
    public IConfigurationBuilder Configuration => (IConfigurationBuilder)_server.Services.GetRequiredService<IConfiguration>();

    /// <param name="settings">Pairs of "--Section:Key" and value, as on the command line.</param>
    public static async Task<IdentityTestServer> StartAsync(params string[] settings)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pairs = settings.Chunk(2).Select(pair => (pair[0].TrimStart('-'), pair[1]));
        var server = await TestServer.StartAsync(
            settings: pairs,
            services: services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<IRouteModule>(sp => new ProbeRoutes(sp.GetRequiredService<IAccessGate>()));
            },
            content: new Dictionary<string, string>());
        return new IdentityTestServer(server, time);
    }

    public Task<GeminiReply> GetAsync(string pathAndQuery, X509Certificate2? certificate) =>
        IdentityTlsClient.RequestAsync(EndPoint, $"gemini://localhost:{EndPoint.Port}{pathAndQuery}", certificate);

    /// <summary>Stops the server and releases the database (the folders stay until disposal).</summary>
    public Task StopAsync() => _server.StopAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed class ProbeRoutes(IAccessGate gate) : IRouteModule
    {
        private static GeminiResponse Answer(AccessResult result, string done) =>
            result.Refusal ?? GeminiResponse.Gemtext($"{done} as {result.Visitor.AuthorLabel}\n");

        public void MapRoutes(RouteTable routes)
        {
            routes.Map("/probe/read", (request, _) => ValueTask.FromResult(Answer(gate.CheckRead(request), "read")));
            routes.Map("/probe/edit", (request, _) => ValueTask.FromResult(Answer(gate.CheckEdit(request), "edited")));
        }
    }
}
