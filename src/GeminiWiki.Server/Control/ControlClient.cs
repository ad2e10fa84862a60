using System.Net.Sockets;
using System.Text.Json;
using GeminiWiki.Server.Commands;

namespace GeminiWiki.Server.Control;

/// <summary>The command line's side of the control socket: one request, one reply.</summary>
public static class ControlClient
{
    /// <summary>The running server's reply; null when no server listens in <paramref name="dataDirectory"/> (the command then runs here).</summary>
    public static AdminReply? TrySend(string dataDirectory, AdminRequest request)
    {
        var path = ControlSocket.PathIn(dataDirectory);
        if (!OperatingSystem.IsLinux() || !File.Exists(path))
        {
            return null;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (Exception ex) when (ex is SocketException or ArgumentOutOfRangeException)
        {
            // A socket left by a server that stopped (refused), or one this user may not open: no server to ask.
            return null;
        }

        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: false);
            JsonSerializer.Serialize(stream, request, AdminJson.Default.AdminRequest);
            stream.WriteByte((byte)'\n');
            socket.Shutdown(SocketShutdown.Send);
            return JsonSerializer.Deserialize(stream, AdminJson.Default.AdminReply)
                ?? throw new JsonException("empty reply");
        }
        catch (Exception ex) when (ex is IOException or SocketException or JsonException)
        {
            return new AdminReply(AdminCommandLine.Failed, string.Empty,
                $"geminiwiki: the running server did not answer the command ({ex.Message}); check its log, and whether the command took effect with `geminiwiki list`.{Environment.NewLine}");
        }
    }
}
