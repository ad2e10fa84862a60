using GeminiWiki.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Server.Tests;

/// <summary>Slow and greedy clients, with time driven by a fake clock: nothing here sleeps.</summary>
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
        await using var slow = await GeminiTestClient.ConnectAsync(server.Port);
        await slow.SendAsync(server.Url("/"));

        var other = await GeminiTestClient.RequestAsync(server.Port, server.Url("/") + "\r\n");
        Assert.Equal(20, other.Status);

        Assert.True(await AdvanceUntilClosedAsync(clock, slow), "the slow client must be cut off at the read timeout");
        // The client sees the close a moment before the server's connection task has finished.
        Assert.True(await EventuallyAsync(() => server.Listener.LiveConnections == 0), "the cut-off connection must be released");
    }

    [Fact]
    public async Task A_bare_LF_is_not_a_line_end_so_the_client_gets_no_answer_before_the_timeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        await using var client = await GeminiTestClient.ConnectAsync(server.Port);
        await client.SendAsync(server.Url("/") + "\n");

        // Still waiting: a read does not complete until the clock passes the timeout, and then the
        // connection closes with no response at all.
        var read = client.ReadReplyAsync();
        Assert.False(read.IsCompleted);
        while (!read.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(11));
            await Task.WhenAny(read, Task.Delay(50));
        }

        var reply = await read.WaitAsync(Patience);
        Assert.Equal(0, reply.Status);
        Assert.Empty(reply.Body);
        Assert.Equal(string.Empty, reply.Meta);
    }

    [Fact]
    public async Task Connections_over_the_per_address_cap_are_closed_before_the_handshake()
    {
        await using var server = await TestServer.StartAsync(settings: [("Gemini:MaxConnectionsPerIp", "2")]);
        await using var first = await GeminiTestClient.ConnectAsync(server.Port);
        await using var second = await GeminiTestClient.ConnectAsync(server.Port);

        await Assert.ThrowsAnyAsync<Exception>(() => GeminiTestClient.RequestAsync(server.Port, server.Url("/") + "\r\n"));

        // Once one of the two finishes, a new client is served again.
        await first.SendAsync(server.Url("/") + "\r\n");
        Assert.Equal(20, (await first.ReadReplyAsync()).Status);
        var reply = await RetryAsync(() => GeminiTestClient.RequestAsync(server.Port, server.Url("/") + "\r\n"));
        Assert.Equal(20, reply.Status);
    }

    [Fact]
    public async Task A_client_that_stalls_the_handshake_is_cut_off_at_the_handshake_timeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        var stream = tcp.GetStream();
        var buffer = new byte[16];

        var read = stream.ReadAsync(buffer).AsTask();
        while (!read.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(11));
            await Task.WhenAny(read, Task.Delay(50));
        }

        Assert.Equal(0, await read.WaitAsync(Patience));
    }

    private static async Task<bool> AdvanceUntilClosedAsync(FakeTimeProvider clock, TestConnection connection)
    {
        var closed = connection.ReadsEndOfStreamAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + Patience;
        while (!closed.IsCompleted && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromSeconds(11));
            await Task.WhenAny(closed, Task.Delay(50));
        }

        return closed.IsCompleted && await closed;
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> action)
    {
        // The server releases a connection's slot just after the client sees it close.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception) when (attempt < 50)
            {
                await Task.Delay(20);
            }
        }
    }
}
