using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.LoadGen.Measuring;
using GeminiWiki.LoadGen.Options;
using GeminiWiki.LoadGen.Running;

namespace GeminiWiki.LoadGen.Tests;

/// <summary>The generator against a real TLS server on loopback: counts, statuses and how connections end.</summary>
public sealed class LoadRunnerTlsTests
{
    [Fact]
    public async Task Counts_every_response_of_a_well_behaved_server()
    {
        await using var server = await TinyServer.StartAsync(sendCloseNotify: true);

        var result = await RunAsync(server.Port, requests: 12, concurrency: 3);

        Assert.Equal(12, result.Stats.Attempted);
        Assert.Equal(12, result.Stats.Completed);
        Assert.Equal(12, result.Stats.Statuses[20]);
        Assert.Equal(0, result.TotalErrors);
        Assert.Equal(12, result.Stats.Latency.Count);
        Assert.Equal(12, server.RequestLines.Count);
        Assert.All(server.RequestLines, line => Assert.StartsWith($"gemini://127.0.0.1:{server.Port}/p-", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_close_without_close_notify_is_an_error_but_the_status_still_counts()
    {
        await using var server = await TinyServer.StartAsync(sendCloseNotify: false);

        var result = await RunAsync(server.Port, requests: 5, concurrency: 1);

        Assert.Equal(5, result.Stats.Statuses[20]);
        Assert.Equal(5, result.Stats.Errors[(int)ErrorKind.ClosedWithoutCloseNotify]);
    }

    [Fact]
    public async Task Nobody_listening_is_a_connect_error()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)probe.LocalEndPoint!).Port; // bound but not listening: refused

        var result = await RunAsync(port, requests: 3, concurrency: 1);

        Assert.Equal(0, result.Stats.Completed);
        Assert.Equal(3, result.Stats.Errors[(int)ErrorKind.Connect]);
    }

    private static async Task<RunResult> RunAsync(int port, int requests, int concurrency)
    {
        var options = LoadOptions.Parse(["--url", $"gemini://127.0.0.1:{port}/p-{{n}}", "--requests", requests.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "60", "--timeout", "20", "--resume", "off"]);
        var target = await LoopbackTarget.ResolveAsync(options.Url, CancellationToken.None);
        var runner = new LoadRunner(options, target, RequestTemplate.Create(options, target), ClientTls.Create(options, target, null));
        return await runner.RunAsync(idle: null, crowd: null, CancellationToken.None);
    }

    private sealed class TinyServer : IAsyncDisposable
    {
        private readonly Socket _listener;
        private readonly X509Certificate2 _certificate;
        private readonly bool _sendCloseNotify;
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        private TinyServer(Socket listener, X509Certificate2 certificate, bool sendCloseNotify)
        {
            _listener = listener;
            _certificate = certificate;
            _sendCloseNotify = sendCloseNotify;
        }

        public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

        public System.Collections.Concurrent.ConcurrentBag<string> RequestLines { get; } = [];

        public static Task<TinyServer> StartAsync(bool sendCloseNotify)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(64);
            var server = new TinyServer(listener, certificate, sendCloseNotify);
            server._loop = server.AcceptLoopAsync();
            return Task.FromResult(server);
        }

        private async Task AcceptLoopAsync()
        {
            var connections = new List<Task>();
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptAsync(_stop.Token);
                    connections.Add(ServeAsync(socket));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }

            await Task.WhenAll(connections);
        }

        private async Task ServeAsync(Socket socket)
        {
            await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                var buffer = new byte[1100];
                var length = 0;
                while (buffer.AsSpan(0, length).IndexOf("\r\n"u8) < 0)
                {
                    var read = await tls.ReadAsync(buffer.AsMemory(length), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    length += read;
                }

                RequestLines.Add(System.Text.Encoding.UTF8.GetString(buffer, 0, buffer.AsSpan(0, length).IndexOf("\r\n"u8)));
                await tls.WriteAsync("20 text/gemini\r\n# hello\n"u8.ToArray(), _stop.Token);
                if (_sendCloseNotify)
                {
                    await tls.ShutdownAsync();
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            await _loop;
            _certificate.Dispose();
            _stop.Dispose();
        }
    }
}
