using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Authority;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Server.Commands;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Control;

/// <summary>Where the control socket of a data folder is.</summary>
public static class ControlSocket
{
    public const string FileName = "control.sock";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);
}

/// <summary>
/// The admin command line's way into the running server: a Unix domain socket in the data folder,
/// mode 0600, that answers only processes of the server's own user (checked with SO_PEERCRED on
/// every connection, whatever the file mode). Each connection carries one command, run with the
/// server's own stores, and gets back exactly what the command printed and its exit code.
/// </summary>
public sealed partial class ControlSocketService(IServiceProvider services, ServerPaths paths, TimeProvider time, ILogger<ControlSocketService> logger) : BackgroundService
{
    private const int MaxRequestBytes = 64 * 1024;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private Socket? _listener;
    private string? _path;

    /// <summary>The socket's path while it listens; null when the control socket is off.</summary>
    public string? SocketPath => _listener is null ? null : _path;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bound before the host reports started, so a command run right after start-up finds it.
        Bind();
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        await base.StopAsync(cancellationToken);
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listener is not { } listener)
        {
            return;
        }

        var context = Context();
        var serverUser = ControlPeer.CurrentUserId;
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogAcceptFailed(logger, ex.SocketErrorCode);
                continue;
            }

            // One command at a time: they are rare, and each sees the previous one's effect.
            using (client)
            {
                try
                {
                    await HandleAsync(client, context, serverUser, stoppingToken);
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
                {
                    LogConnectionFailed(logger, ex.Message);
                }
            }
        }
    }

    private void Bind()
    {
        if (!OperatingSystem.IsLinux())
        {
            LogUnsupported(logger);
            return;
        }

        var path = ControlSocket.PathIn(paths.DataDirectory);
        var temporary = path + ".new";
        UnixDomainSocketEndPoint endPoint;
        try
        {
            endPoint = new UnixDomainSocketEndPoint(temporary);
        }
        catch (ArgumentOutOfRangeException)
        {
            LogPathTooLong(logger, path);
            return;
        }

        // The data folder's lock is ours, so a socket file here is one a stopped server left behind.
        File.Delete(path);
        File.Delete(temporary);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // Bound under a temporary name and made owner-only before it gets its real name, so
            // no other user ever finds it open; the peer check stands behind the file mode anyway.
            listener.Bind(endPoint);
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temporary, path, overwrite: true);
            listener.Listen(8);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            listener.Dispose();
            File.Delete(temporary);
            throw new StartupException($"Cannot open the control socket '{path}': {ex.Message}", ex);
        }

        _listener = listener;
        _path = path;
        LogListening(logger, path);
    }

    private AdminContext Context() => new(
        services.GetRequiredService<WikiDatabase>(),
        services.GetRequiredService<IAccountStore>(),
        services.GetRequiredService<IAllowList>(),
        services.GetRequiredService<IRefusalLog>(),
        services.GetRequiredService<IIssuedCertificates>(),
        services.GetRequiredService<CertificateAuthorityFolder>(),
        services.GetRequiredService<IOptions<GeminiOptions>>().Value.Hostname,
        time);

    private async Task HandleAsync(Socket client, AdminContext context, uint serverUser, CancellationToken stoppingToken)
    {
        using var deadline = new CancellationTokenSource(RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stoppingToken);
        var peer = PeerCredentials.Of(client);
        if (ControlPeer.Refusal(peer, serverUser) is { } refusal)
        {
            LogRefusedPeer(logger, peer?.UserId, peer?.ProcessId);
            await ReplyAsync(client, new AdminReply(AdminCommandLine.NotPermitted, string.Empty,
                $"geminiwiki: the server's control socket refused this command: {refusal}.{Environment.NewLine}"), linked.Token);
            return;
        }

        var request = await ReadRequestAsync(client, linked.Token);
        if (request is null || !AdminCommands.RunsInServer(request.Verb))
        {
            await ReplyAsync(client, new AdminReply(AdminCommandLine.Usage, string.Empty,
                $"geminiwiki: the server did not understand the command; run the same version of geminiwiki as the server.{Environment.NewLine}"), linked.Token);
            return;
        }

        LogCommand(logger, request.Verb, peer!.Value.ProcessId);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Task.Run(() => AdminCommands.Execute(request, context, output, error), stoppingToken);
        await ReplyAsync(client, new AdminReply(code, output.ToString(), error.ToString()), stoppingToken);
    }

    private static async Task<AdminRequest?> ReadRequestAsync(Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (Array.IndexOf(buffer, (byte)'\n', length - read, read) >= 0)
            {
                break;
            }
        }

        try
        {
            var line = Encoding.UTF8.GetString(buffer, 0, length).TrimEnd('\n');
            return JsonSerializer.Deserialize(line, AdminJson.Default.AdminRequest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task ReplyAsync(Socket client, AdminReply reply, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(reply, AdminJson.Default.AdminReply);
        await client.SendAsync(bytes, SocketFlags.None, cancellationToken);
        client.Shutdown(SocketShutdown.Send);

        // Closing with unread bytes would reset the connection and lose the reply on its way:
        // read what the client still sends (a refused one's whole request) until it closes.
        var discard = new byte[4096];
        var left = MaxRequestBytes;
        int read;
        while (left > 0 && (read = await client.ReceiveAsync(discard, SocketFlags.None, cancellationToken)) > 0)
        {
            left -= read;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Control socket for the admin command line at {Path}")]
    private static partial void LogListening(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No control socket: the path {Path} is too long for a Unix domain socket; admin commands need the server stopped (or a shorter Gemini:DataDirectory)")]
    private static partial void LogPathTooLong(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No control socket on this operating system (it needs Linux's SO_PEERCRED); admin commands need the server stopped")]
    private static partial void LogUnsupported(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control socket refused a process of uid {UserId} (pid {ProcessId}): only the server's own user may send commands")]
    private static partial void LogRefusedPeer(ILogger logger, uint? userId, int? processId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin command {Verb} from the command line (pid {ProcessId})")]
    private static partial void LogCommand(ILogger logger, string verb, int processId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Control socket accept failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Control socket connection failed: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, string reason);
}
