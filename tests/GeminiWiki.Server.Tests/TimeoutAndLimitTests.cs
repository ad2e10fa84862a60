using GeminiWiki.Domain.Access;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Server.Connections;
using GeminiWiki.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Server.Tests;

/// <summary>
/// Slow and greedy clients, with time driven by a fake clock. Nothing here sleeps or polls: each
/// test waits for the server to signal that a connection reached a phase, then moves the clock.
/// </summary>
public sealed class TimeoutAndLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_client_that_never_finishes_its_line_is_cut_off_while_others_are_served()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(
            settings: [("Gemini:RequestTimeoutSeconds", "10")],
            services: s => s.AddSingleton<TimeProvider>(clock));
        var events = server.Listener.Events;
        await using var slow = await GeminiTestClient.ConnectAsync(server.Port);
        await slow.SendAsync(server.Url("/"));

        var other = await GeminiTestClient.RequestAsync(server.Port, server.Url("/") + "\r\n");
        Assert.Equal(20, other.Status);
        await events.WhenClosedAsync(1).WaitAsync(Patience);

        // Both connections have started waiting for a line; only the slow one still does.
        await events.WhenEnteredAsync(ConnectionPhase.RequestLine, 2).WaitAsync(Patience);
        clock.Advance(TimeSpan.FromSeconds(11));

        Assert.True(await slow.ReadsEndOfStreamAsync(CancellationToken.None).WaitAsync(Patience), "the slow client must be cut off at the read timeout");
        await events.WhenClosedAsync(2).WaitAsync(Patience);
        Assert.Equal(0, server.Listener.LiveConnections);
    }

    [Fact]
    public async Task A_Titan_body_that_stalls_gets_its_40_as_a_whole_record_and_close_notify()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var echo = new EchoRoutes();
        await using var server = await TestServer.StartAsync(services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<IRouteModule<Visitor>>(echo);
        });
        var events = server.Listener.Events;
        await using var client = await GeminiTestClient.ConnectAsync(server.Port);
        await client.SendAsync($"titan://localhost:{server.Port}/test/upload;size=100\r\nonly a few bytes");
        await events.WhenEnteredAsync(ConnectionPhase.Request, 1).WaitAsync(Patience);

        clock.Advance(TimeSpan.FromSeconds(11));

        // A record the client cannot decrypt would surface as an IOException here instead.
        var reply = await client.ReadReplyAsync().WaitAsync(Patience);
        Assert.Equal((40, "Request timed out; please try again"), (reply.Status, reply.Meta));
        Assert.True(reply.CloseNotifyReceived, "the 40 must be followed by close_notify");
    }

    [Fact]
    public async Task A_bare_LF_is_not_a_line_end_so_the_client_gets_no_answer_before_the_timeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var events = server.Listener.Events;
        await using var client = await GeminiTestClient.ConnectAsync(server.Port);
        await client.SendAsync(server.Url("/") + "\n");
        await events.WhenEnteredAsync(ConnectionPhase.RequestLine, 1).WaitAsync(Patience);

        // Still waiting just before the timeout; then the connection closes with no response at all.
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, events.Entered(ConnectionPhase.Response));
        clock.Advance(TimeSpan.FromSeconds(2));

        var reply = await client.ReadReplyAsync().WaitAsync(Patience);
        Assert.Equal(0, reply.Status);
        Assert.Empty(reply.Body);
        Assert.Equal(string.Empty, reply.Meta);
        await events.WhenClosedAsync(1).WaitAsync(Patience);
        Assert.Equal(0, events.Entered(ConnectionPhase.Response));
    }

    [Fact]
    public async Task Connections_over_the_per_address_cap_are_closed_before_the_handshake()
    {
        await using var server = await TestServer.StartAsync(settings: [("Gemini:MaxConnectionsPerIp", "2")]);
        var events = server.Listener.Events;
        await using var first = await GeminiTestClient.ConnectAsync(server.Port);
        await using var second = await GeminiTestClient.ConnectAsync(server.Port);

        await Assert.ThrowsAnyAsync<IOException>(() => GeminiTestClient.RequestAsync(server.Port, server.Url("/") + "\r\n"));
        Assert.Equal(2, events.Entered(ConnectionPhase.Handshake));

        // Once one of the two finishes and has released its slot, a new client is served again.
        await first.SendAsync(server.Url("/") + "\r\n");
        Assert.Equal(20, (await first.ReadReplyAsync()).Status);
        await events.WhenClosedAsync(1).WaitAsync(Patience);
        var reply = await GeminiTestClient.RequestAsync(server.Port, server.Url("/") + "\r\n");
        Assert.Equal(20, reply.Status);
    }

    [Fact]
    public async Task A_full_server_cuts_its_oldest_silent_connection_so_a_normal_request_is_served()
    {
        await using var server = await TestServer.StartAsync(settings: [("Gemini:MaxConnections", "3"), ("Gemini:MaxConnectionsPerIp", "3")]);
        var events = server.Listener.Events;
        var elsewhere = System.Net.IPAddress.Parse("127.0.0.2");
        await using var oldest = await GeminiTestClient.ConnectAsync(server.Port, from: elsewhere);
        await using var second = await GeminiTestClient.ConnectAsync(server.Port, from: elsewhere);
        await using var third = await GeminiTestClient.ConnectAsync(server.Port, from: elsewhere);
        await events.WhenEnteredAsync(ConnectionPhase.RequestLine, 3).WaitAsync(Patience);

        var reply = await GeminiTestClient.RequestAsync(server.Port, server.Url("/") + "\r\n");

        Assert.Equal(20, reply.Status);
        Assert.True(await oldest.ReadsEndOfStreamAsync(CancellationToken.None).WaitAsync(Patience), "the oldest silent connection makes room");
        await second.SendAsync(server.Url("/") + "\r\n");
        Assert.Equal(20, (await second.ReadReplyAsync().WaitAsync(Patience)).Status);
    }

    [Fact]
    public async Task A_client_that_stalls_the_handshake_is_cut_off_at_the_handshake_timeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var events = server.Listener.Events;
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        await events.WhenEnteredAsync(ConnectionPhase.Handshake, 1).WaitAsync(Patience);

        clock.Advance(TimeSpan.FromSeconds(11));

        var buffer = new byte[16];
        Assert.Equal(0, await tcp.GetStream().ReadAsync(buffer).AsTask().WaitAsync(Patience));
        await events.WhenClosedAsync(1).WaitAsync(Patience);
        Assert.Equal(0, events.Entered(ConnectionPhase.RequestLine));
    }
}
