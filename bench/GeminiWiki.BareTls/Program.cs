using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using GeminiWiki.Server.Hosting;
using GeminiWiki.Server.Tls;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// The ceiling our pipeline is measured against: accept, handshake with exactly the server's TLS
// options and certificate, read the request line, write a fixed "20 text/gemini" page, close_notify,
// close. No routing, no logging, no storage.
var settings = BareTlsSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("""
        GeminiWiki.BareTls --cert-dir DIR [--listen 127.0.0.1] [--port 0] [--require-tls13]
                           [--body-bytes 120] [--no-close-notify] [--max-seconds 3600]
        Loads (or creates) server.crt/server.key in DIR exactly as the server does.
        --no-close-notify closes without TLS close_notify (to check the load generator notices).
        """);
    return 2;
}

var paths = new ServerPaths(settings.CertificateDirectory, settings.CertificateDirectory, settings.CertificateDirectory, settings.CertificateDirectory);
var store = new ServerCertificateStore(
    Options.Create(new GeminiOptions { CertificateDirectory = settings.CertificateDirectory }),
    paths,
    TimeProvider.System,
    NullLogger<ServerCertificateStore>.Instance);
var certificate = store.LoadOrCreate();
var tls = ServerTlsOptions.Create(certificate, settings.RequireTls13);

var body = new StringBuilder("# Bare TLS\n\n");
while (body.Length < settings.BodyBytes)
{
    body.Append("The ceiling: TLS and nothing else.\n");
}

var response = Encoding.UTF8.GetBytes("20 text/gemini\r\n" + body.ToString()[..settings.BodyBytes]);

using var listener = new Socket(settings.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(settings.Address, settings.Port));
listener.Listen(512);
Console.WriteLine($"Listening on {listener.LocalEndPoint}");

// Bounded even if nobody stops it: a forgotten baseline must not run forever.
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(settings.MaxSeconds));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

while (!stop.IsCancellationRequested)
{
    Socket socket;
    try
    {
        socket = await listener.AcceptAsync(stop.Token);
    }
    catch (OperationCanceledException)
    {
        break;
    }
    catch (SocketException)
    {
        continue;
    }

    _ = ServeAsync(socket);
}

return 0;

async Task ServeAsync(Socket socket)
{
    socket.NoDelay = true;
    using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
    var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
    try
    {
        await stream.AuthenticateAsServerAsync(tls, deadline.Token);

        // Read the request line, as any server must; closing with it unread would reset the connection.
        var buffer = new byte[1026];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), deadline.Token);
            if (read == 0)
            {
                return;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n"u8) >= 0)
            {
                break;
            }
        }

        await stream.WriteAsync(response, deadline.Token);
        if (!settings.NoCloseNotify)
        {
            await stream.ShutdownAsync();
        }
    }
    catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException)
    {
        // A client that went away; the ceiling does not log.
    }
    finally
    {
        await stream.DisposeAsync();
    }
}

internal sealed record BareTlsSettings(string CertificateDirectory, IPAddress Address, int Port, bool RequireTls13, int BodyBytes, bool NoCloseNotify, double MaxSeconds)
{
    public static BareTlsSettings? Parse(string[] args)
    {
        string? directory = null;
        var address = IPAddress.Loopback;
        var port = 0;
        var tls13 = false;
        var bodyBytes = 120;
        var noCloseNotify = false;
        var maxSeconds = 3600.0;
        for (var i = 0; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length;
            switch (args[i])
            {
                case "--cert-dir" when hasValue: directory = Path.GetFullPath(args[++i]); break;
                case "--listen" when hasValue: address = IPAddress.Parse(args[++i]); break;
                case "--port" when hasValue: port = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--body-bytes" when hasValue: bodyBytes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--max-seconds" when hasValue: maxSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--require-tls13": tls13 = true; break;
                case "--no-close-notify": noCloseNotify = true; break;
                default: return null;
            }
        }

        return directory is null || bodyBytes < 0 ? null : new BareTlsSettings(directory, address, port, tls13, bodyBytes, noCloseNotify, maxSeconds);
    }
}
