using GeminiWiki.Server.Connections;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GeminiWiki.Testing;

/// <summary>
/// The real host on 127.0.0.1, port 0, with its own temp data, certificate and content folders.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly IHost _host;

    private readonly bool _ownsRoot;
    private bool _stopped;

    private TestServer(IHost host, string root, int port, bool ownsRoot)
    {
        _host = host;
        _ownsRoot = ownsRoot;
        Root = root;
        Port = port;
    }

    public string Root { get; }

    public int Port { get; }

    public IServiceProvider Services => _host.Services;

    public string ContentDirectory => Path.Combine(Root, "content");

    public string DataDirectory => Path.Combine(Root, "data");

    public string CertificateDirectory => Path.Combine(Root, "certs");

    public GeminiListenerService Listener => _host.Services.GetRequiredService<GeminiListenerService>();

    public string Url(string path = "/") => $"gemini://localhost:{Port}{path}";

    /// <param name="settings">Extra configuration as key/value pairs, e.g. ("Gemini:RequestTimeoutSeconds", "6").</param>
    /// <param name="content">Files to create in the content folder (relative path → text).</param>
    public static async Task<TestServer> StartAsync(
        IEnumerable<(string Key, string Value)>? settings = null,
        Action<IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string>? content = null,
        string? root = null)
    {
        var ownsRoot = root is null;
        root ??= Path.Combine(Path.GetTempPath(), "geminiwiki-tests", Guid.NewGuid().ToString("n"));
        var contentDirectory = Path.Combine(root, "content");
        Directory.CreateDirectory(contentDirectory);
        foreach (var (path, text) in content ?? new Dictionary<string, string>
        {
            ["wiki/Home.gmi"] = "# Test wiki home\n\nThe main page.\n",
            ["about.gmi"] = "# Test capsule\n",
        })
        {
            var full = Path.Combine(contentDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, text);
        }

        var args = new List<string>
        {
            "--config", Path.Combine(root, "gemini.json"),
            "--Gemini:Port", "0",
            "--Gemini:ListenAddresses:0", "127.0.0.1",
            "--Gemini:DataDirectory", Path.Combine(root, "data"),
            "--Gemini:CertificateDirectory", Path.Combine(root, "certs"),
            "--Gemini:ContentDirectory", contentDirectory,
            "--Serilog:MinimumLevel:Default", "Warning",
            "--Serilog:WriteTo:0:Name", "Console",
            // The web front is off unless a test turns it on (settings come later and win).
            "--Web:Enabled", "false",
            "--Web:Port", "0",
            "--Web:ListenAddresses:0", "127.0.0.1",
        };
        foreach (var (key, value) in settings ?? [])
        {
            args.Add("--" + key);
            args.Add(value);
        }

        if (!File.Exists(Path.Combine(root, "gemini.json")))
        {
            await File.WriteAllTextAsync(Path.Combine(root, "gemini.json"), "{}");
        }

        var host = ServerHost.Build([.. args], services);
        await host.StartAsync();
        var endPoint = await host.Services.GetRequiredService<GeminiListenerService>().BoundEndPoint;
        return new TestServer(host, root, endPoint.Port, ownsRoot);
    }

    /// <summary>Stops the server and releases the database; the folders stay until disposal.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _host.StopAsync(stop.Token);
        }

        _host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (!_ownsRoot)
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
