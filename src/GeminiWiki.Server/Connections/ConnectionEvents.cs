namespace GeminiWiki.Server.Connections;

/// <summary>
/// Counts, per phase, how many connections have entered it (and how many have closed), so tests
/// and diagnostics can await "the connection now waits for its request line" instead of polling.
/// </summary>
public sealed class ConnectionEvents
{
    private readonly long[] _entered = new long[Enum.GetValues<ConnectionPhase>().Length];
    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _waiters = [];
    private long _closed;
    private volatile int _waiting;

    public long Entered(ConnectionPhase phase) => Interlocked.Read(ref _entered[(int)phase]);

    public long Closed => Interlocked.Read(ref _closed);

    /// <summary>Completes once <paramref name="count"/> connections in all have entered <paramref name="phase"/>.</summary>
    public Task WhenEnteredAsync(ConnectionPhase phase, long count, CancellationToken cancellationToken = default) =>
        WhenAsync(() => Entered(phase) >= count, cancellationToken);

    /// <summary>Completes once <paramref name="count"/> connections in all have closed and released their slot.</summary>
    public Task WhenClosedAsync(long count, CancellationToken cancellationToken = default) =>
        WhenAsync(() => Closed >= count, cancellationToken);

    internal void OnPhase(ConnectionPhase phase)
    {
        Interlocked.Increment(ref _entered[(int)phase]);
        Notify();
    }

    internal void OnClosed()
    {
        Interlocked.Increment(ref _closed);
        Notify();
    }

    private Task WhenAsync(Func<bool> done, CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((done, signal));
            _waiting = _waiters.Count;
        }

        // Checked after registering, so an event between the check and the registration is not missed.
        Notify();
        return signal.Task.WaitAsync(cancellationToken);
    }

    private void Notify()
    {
        // Nobody waits on a production server: the hot path pays one volatile read.
        if (_waiting == 0)
        {
            return;
        }

        lock (_waiters)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Done())
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }

            _waiting = _waiters.Count;
        }
    }
}
