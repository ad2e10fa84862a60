using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using GeminiWiki.Server.Commands;
using GeminiWiki.Server.Control;

namespace GeminiWiki.Server.Tests.Identity;

public sealed class ControlSocketTests
{
    [Theory]
    [InlineData(1000u, 1000u, true)]
    [InlineData(0u, 1000u, false)]
    [InlineData(1001u, 1000u, false)]
    public void Only_the_servers_own_user_may_send_commands(uint peerUid, uint serverUid, bool allowed)
    {
        var refusal = ControlPeer.Refusal(new PeerCredentials(4242, peerUid, 100), serverUid);
        Assert.Equal(allowed, refusal is null);
        if (!allowed)
        {
            Assert.Equal($"it answers only the user the server runs as (uid {serverUid}), not uid {peerUid}", refusal);
        }
    }

    [Fact]
    public void A_peer_the_kernel_did_not_describe_is_refused()
    {
        Assert.NotNull(ControlPeer.Refusal(null, 1000));
        Assert.Null(PeerCredentials.Parse(new byte[8]));
    }

    [Fact]
    public void Ucred_is_read_as_pid_uid_gid()
    {
        var ucred = new byte[12];
        BitConverter.TryWriteBytes(ucred.AsSpan(0), 77);
        BitConverter.TryWriteBytes(ucred.AsSpan(4), 1000u);
        BitConverter.TryWriteBytes(ucred.AsSpan(8), 1001u);
        Assert.Equal(new PeerCredentials(77, 1000, 1001), PeerCredentials.Parse(ucred));
    }

    [Fact]
    public async Task The_socket_is_owner_only_reports_this_process_as_its_peer_and_goes_away_when_the_server_stops()
    {
        await using var server = await IdentityTestServer.StartAsync();
        var path = ControlSocket.PathIn(server.DataDirectory);
        Assert.Equal((UnixFileMode?)(UnixFileMode.UserRead | UnixFileMode.UserWrite), OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".new"));

        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
            var peer = PeerCredentials.Of(socket);
            Assert.Equal(Environment.ProcessId, peer!.Value.ProcessId);
            Assert.Equal(ControlPeer.CurrentUserId, peer.Value.UserId);

            // Not a command: answered with the usage exit code, not a crash.
            await socket.SendAsync("not json\n"u8.ToArray(), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
            var reply = JsonSerializer.Deserialize<AdminReply>(await ReadAllAsync(socket), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            Assert.Equal(AdminCommandLine.Usage, reply.ExitCode);
        }

        await server.StopAsync();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_socket_left_by_a_server_that_died_is_ignored_and_the_command_runs_against_the_database()
    {
        var data = Path.Combine(Path.GetTempPath(), "geminiwiki-socket-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            // .NET removes the file of a socket it closes; a process that ends without closing (a
            // killed server) leaves it behind, as this one does.
            using (var process = Process.Start("/usr/bin/python3", ["-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", ControlSocket.PathIn(data)]))
            {
                await process.WaitForExitAsync();
            }

            Assert.True(File.Exists(ControlSocket.PathIn(data)));
            var output = new StringWriter();
            var code = AdminCommandLine.Run(["list", "--Gemini:DataDirectory", data], output, new StringWriter());
            Assert.Equal(AdminCommandLine.Ok, code);
            Assert.StartsWith("Allow-list:", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// A real process of another user (nobody), let through the file mode on purpose, is refused by
    /// the peer check with 77. Needs root to switch users; elsewhere the file mode test above stands.
    /// </summary>
    [Fact]
    public async Task Another_user_that_gets_past_the_file_mode_is_refused_by_the_peer_check()
    {
        if (!OperatingSystem.IsLinux() || ControlPeer.CurrentUserId != 0 || !File.Exists("/usr/bin/setpriv") || !File.Exists("/usr/bin/python3"))
        {
            return;
        }

        await using var server = await IdentityTestServer.StartAsync();
        var path = ControlSocket.PathIn(server.DataDirectory);
        File.SetUnixFileMode(path, (UnixFileMode)0x1FF);
        var script = "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); " +
            "s.sendall(b'{\"verb\":\"list\"}\\n'); s.shutdown(socket.SHUT_WR); sys.stdout.write(s.makefile('rb').read().decode())";
        var start = new ProcessStartInfo("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);

        var reply = JsonSerializer.Deserialize<AdminReply>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(AdminCommandLine.NotPermitted, reply.ExitCode);
        Assert.Contains("not uid 65534", reply.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, reply.Output);
    }

    private static async Task<byte[]> ReadAllAsync(Socket socket)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(chunk, SocketFlags.None)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
