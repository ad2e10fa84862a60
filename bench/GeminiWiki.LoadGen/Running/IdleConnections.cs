using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using GeminiWiki.LoadGen.Options;

namespace GeminiWiki.LoadGen.Running;

/// <summary>
/// Connections that finish the TLS handshake and then never send a request (a slow or hostile
/// client). Each waits for the server to cut it, up to the hold time; the result says how many the
/// server cut and how long after the handshake, which should be its read timeout.
/// </summary>
public sealed class IdleConnections(LoopbackTarget target, SslClientAuthenticationOptions tls, int count, TimeSpan hold)
{
    private const int OpeningParallelism = 32;
    private readonly List<Task<IdleOutcome>> _connections = new(count);

    public double OpenSeconds { get; private set; }

    /// <summary>Opens them all (at most 32 handshakes at a time); returns once every one is open or failed.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var releaseAt = started + (long)(hold.TotalSeconds * Stopwatch.Frequency);
        using var gate = new SemaphoreSlim(OpeningParallelism);
        var opened = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            var handshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections.Add(HoldOneAsync(handshake, releaseAt));
            opened.Add(handshake.Task.ContinueWith(_ => gate.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
        }

        await Task.WhenAll(opened).ConfigureAwait(false);
        OpenSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    public async Task<IdleResult> WaitAsync()
    {
        var outcomes = await Task.WhenAll(_connections).ConfigureAwait(false);
        var cutAfter = outcomes.Where(o => o.Kind == IdleOutcomeKind.CutByServer).Select(o => o.Seconds).Order().ToArray();
        return new IdleResult(
            count,
            outcomes.Count(o => o.Kind != IdleOutcomeKind.Failed),
            outcomes.Count(o => o.Kind == IdleOutcomeKind.Failed),
            cutAfter.Length,
            outcomes.Count(o => o.Kind == IdleOutcomeKind.StillOpen),
            cutAfter.Length == 0 ? 0 : cutAfter[0],
            cutAfter.Length == 0 ? 0 : cutAfter[cutAfter.Length / 2],
            cutAfter.Length == 0 ? 0 : cutAfter[^1],
            hold.TotalSeconds,
            OpenSeconds);
    }

    private async Task<IdleOutcome> HoldOneAsync(TaskCompletionSource handshake, long releaseAt)
    {
        using var socket = new Socket(target.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var remaining = TimeSpan.FromSeconds(Math.Max(0.1, (releaseAt - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));
        using var release = new CancellationTokenSource(remaining);
        try
        {
            await socket.ConnectAsync(target.EndPoint, release.Token).ConfigureAwait(false);
            await using var stream = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
            await stream.AuthenticateAsClientAsync(tls, release.Token).ConfigureAwait(false);
            handshake.TrySetResult();
            var since = Stopwatch.GetTimestamp();
            try
            {
                // Send nothing; wait for the server to give up on us.
                var buffer = new byte[1];
                _ = await stream.ReadAsync(buffer, release.Token).ConfigureAwait(false);
                return new IdleOutcome(IdleOutcomeKind.CutByServer, Stopwatch.GetElapsedTime(since).TotalSeconds);
            }
            catch (OperationCanceledException)
            {
                return new IdleOutcome(IdleOutcomeKind.StillOpen, Stopwatch.GetElapsedTime(since).TotalSeconds);
            }
            catch (IOException)
            {
                return new IdleOutcome(IdleOutcomeKind.CutByServer, Stopwatch.GetElapsedTime(since).TotalSeconds);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or OperationCanceledException)
        {
            return new IdleOutcome(IdleOutcomeKind.Failed, 0);
        }
        finally
        {
            handshake.TrySetResult();
        }
    }

    private enum IdleOutcomeKind
    {
        Failed,
        CutByServer,
        StillOpen,
    }

    private readonly record struct IdleOutcome(IdleOutcomeKind Kind, double Seconds);
}

public sealed record IdleResult(
    int Requested,
    int Opened,
    int Failed,
    int CutByServer,
    int StillOpenAtEnd,
    double CutAfterMinSeconds,
    double CutAfterMedianSeconds,
    double CutAfterMaxSeconds,
    double HoldSeconds,
    double OpenSeconds);
