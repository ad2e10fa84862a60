using System.Net;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Server.Connections;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Server.Tests.Identity;

/// <summary>
/// The real host on port 0 with its own temp folders and a fake clock, plus two probe pages that
/// use the access gate exactly as the wiki does: /probe/read (CheckRead) and /probe/edit (CheckEdit).
/// </summary>
internal sealed class IdentityTestServer : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _root;
    private bool _stopped;

    private IdentityTestServer(IHost host, string root, FakeTimeProvider time, IPEndPoint endPoint)
    {
        _host = host;
        _root = root;
        Time = time;
        EndPoint = endPoint;
    }

    public FakeTimeProvider Time { get; }

    public IPEndPoint EndPoint { get; }

    public string DataDirectory => Path.Combine(_root, "data");

    public IdentityStore Store => _host.Services.GetRequiredService<IdentityStore>();

    /// <summary>The host's live configuration: adding a source here is what editing gemini.json does.</summary>
    public IConfigurationBuilder Configuration => (IConfigurationBuilder)_host.Services.GetRequiredService<IConfiguration>();

    public static async Task<IdentityTestServer> StartAsync(params string[] settings)
    {
        var root = Path.Combine(Path.GetTempPath(), "geminiwiki-identity-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "content"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string[] args =
        [
            "--Gemini:Port", "0",
            "--Gemini:DataDirectory", Path.Combine(root, "data"),
            "--Gemini:CertificateDirectory", Path.Combine(root, "certs"),
            "--Gemini:ContentDirectory", Path.Combine(root, "content"),
            "--Gemini:ListenAddresses:0", "127.0.0.1",
            "--Serilog:MinimumLevel:Default", "Warning",
            .. settings,
        ];
        var host = ServerHost.Build(args, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<IRouteModule>(sp => new ProbeRoutes(sp.GetRequiredService<IAccessGate>()));
        });
        await host.StartAsync();
        var endPoint = await host.Services.GetRequiredService<GeminiListenerService>().BoundEndPoint;
        return new IdentityTestServer(host, root, time, endPoint);
    }

    public Task<GeminiReply> GetAsync(string pathAndQuery, X509Certificate2? certificate) =>
        IdentityTlsClient.RequestAsync(EndPoint, $"gemini://localhost:{EndPoint.Port}{pathAndQuery}", certificate);

    /// <summary>Stops the server and releases the database (the folders stay until disposal).</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

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
