namespace GeminiWiki.Server.Connections;

/// <summary>
/// The one deadline of a connection, moved forward phase by phase (handshake, request, response),
/// linked to server shutdown. It tells a timeout apart from a shutdown.
/// </summary>
public sealed class ConnectionDeadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _abort;

    public ConnectionDeadline(TimeProvider time, TimeSpan first, CancellationToken abort)
    {
        _timeout = new CancellationTokenSource(first, time);
        _abort = abort;
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, abort);
    }

    public CancellationToken Token => _linked.Token;

    public bool TimedOut => _timeout.IsCancellationRequested && !_abort.IsCancellationRequested;

    public bool Aborted => _abort.IsCancellationRequested;

    /// <summary>Starts a new phase with <paramref name="duration"/> from now (no effect once expired).</summary>
    public void Reset(TimeSpan duration) => _timeout.CancelAfter(duration);

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
