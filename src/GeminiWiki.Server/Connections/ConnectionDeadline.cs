namespace GeminiWiki.Server.Connections;

/// <summary>Where a connection is in its life; each phase has its own deadline.</summary>
public enum ConnectionPhase
{
    Handshake,
    RequestLine,

    /// <summary>The request is handled: a Titan body arrives, the endpoint runs.</summary>
    Request,
    Response,
    Closing,
}

/// <summary>
/// The deadline of a connection, renewed phase by phase (handshake, request line, request, response,
/// close) and linked to server shutdown. Each phase gets a token of its own, so a phase that timed
/// out does not cancel the response that reports it. It tells a timeout apart from a shutdown.
/// </summary>
public sealed class ConnectionDeadline : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationToken _abort;
    private CancellationTokenSource _timeout;
    private CancellationTokenSource _linked;

    public ConnectionDeadline(TimeProvider time, ConnectionPhase phase, TimeSpan duration, CancellationToken abort)
    {
        _time = time;
        _abort = abort;
        Phase = phase;
        _timeout = new CancellationTokenSource(duration, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, abort);
    }

    public ConnectionPhase Phase { get; private set; }

    public CancellationToken Token => _linked.Token;

    public bool TimedOut => _timeout.IsCancellationRequested && !_abort.IsCancellationRequested;

    public bool Aborted => _abort.IsCancellationRequested;

    /// <summary>Starts <paramref name="phase"/> with <paramref name="duration"/> from now and a fresh token.</summary>
    public void Begin(ConnectionPhase phase, TimeSpan duration)
    {
        var (oldTimeout, oldLinked) = (_timeout, _linked);
        _timeout = new CancellationTokenSource(duration, _time);
        // Answering and closing go on after a shutdown cut the request short (a 41 is still owed),
        // bounded by their own duration; every other phase ends with the shutdown.
        _linked = _abort.IsCancellationRequested && phase is ConnectionPhase.Response or ConnectionPhase.Closing
            ? CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token)
            : CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, _abort);
        Phase = phase;
        oldLinked.Dispose();
        oldTimeout.Dispose();
    }

    /// <summary>Moves the current phase's end to <paramref name="duration"/> from now (a Titan body that keeps arriving).</summary>
    public void Extend(TimeSpan duration) => _timeout.CancelAfter(duration);

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
