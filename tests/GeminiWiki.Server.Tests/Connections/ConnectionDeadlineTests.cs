using GeminiWiki.Server.Connections;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Server.Tests.Connections;

/// <summary>The phased deadline on a fake clock: timeouts per phase, and what a shutdown ends.</summary>
public sealed class ConnectionDeadlineTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Each_phase_gets_a_fresh_token_so_a_timed_out_phase_does_not_cancel_the_answer()
    {
        using var deadline = new ConnectionDeadline(_clock, ConnectionPhase.RequestLine, TimeSpan.FromSeconds(10), CancellationToken.None);
        var request = deadline.Token;

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(request.IsCancellationRequested);
        Assert.True(deadline.TimedOut);

        deadline.Begin(ConnectionPhase.Response, TimeSpan.FromSeconds(10));
        Assert.False(deadline.Token.IsCancellationRequested);
        Assert.False(deadline.TimedOut);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void After_a_shutdown_only_answering_and_closing_may_still_run()
    {
        using var shutdown = new CancellationTokenSource();
        using var deadline = new ConnectionDeadline(_clock, ConnectionPhase.Handshake, TimeSpan.FromSeconds(10), shutdown.Token);
        shutdown.Cancel();

        deadline.Begin(ConnectionPhase.RequestLine, TimeSpan.FromSeconds(10));
        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.True(deadline.Aborted);

        deadline.Begin(ConnectionPhase.Response, TimeSpan.FromSeconds(2));
        Assert.False(deadline.Token.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void A_Titan_body_that_keeps_arriving_moves_its_phase_end()
    {
        using var deadline = new ConnectionDeadline(_clock, ConnectionPhase.Request, TimeSpan.FromSeconds(10), CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(8));
        deadline.Extend(TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(8));

        Assert.False(deadline.Token.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(deadline.TimedOut);
    }
}
