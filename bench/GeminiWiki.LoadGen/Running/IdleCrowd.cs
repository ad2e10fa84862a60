using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GeminiWiki.LoadGen.Options;

namespace GeminiWiki.LoadGen.Running;

/// <summary>
/// Plain TCP connections that never start TLS nor send a byte: the cheapest way to occupy a
/// server's connection slots. Each is held for the whole run and reopened at once whenever the
/// server closes it, as a determined attacker would. "Open" is what the client sees: a connection
/// still waiting in the server's accept queue counts as open.
/// </summary>
public sealed class IdleCrowd : IDisposable
{
    // Besides the run's end, each connection's reopen loop is bounded in count.
    private const int MaxConnectsPerSocket = 100_000;
    private const int OpeningParallelism = 64;

    // A failed connect (refused, or the accept queue full) is retried after a pause, so a server
    // that is gone is not spun on; a close by the server is answered with a reopen at once.
    private static readonly TimeSpan ConnectRetryPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);

    private readonly IPEndPoint _target;
    private readonly int _count;
    private readonly int _sources;
    private readonly CancellationTokenSource _stop;
    private readonly List<Task> _holders;
    private Task _sampler = Task.CompletedTask;
    private double _openSeconds;
    private int _open;
    private int _connecting;
    private int _openAfterStart;
    private int _openMin = int.MaxValue;
    private long _openSum;
    private long _samples;
    private long _connects;
    private long _reopens;
    private long _closedByServer;
    private long _connectFailures;

    public IdleCrowd(IPEndPoint target, int count, int sources, CancellationToken cancellationToken)
    {
        if (target.AddressFamily != AddressFamily.InterNetwork || !LoopbackTarget.IsLoopback(target.Address))
        {
            throw new UsageException($"--idle-tcp binds its sockets to 127.0.0.x, so it needs an IPv4 loopback target (127.0.0.1 or localhost), not {target.Address}.");
        }

        _target = target;
        _count = count;
        _sources = sources;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _holders = new List<Task>(count);
    }

    /// <summary>
    /// Opens every connection (at most 64 connects at a time) and returns once each is open or has
    /// failed once; from then on they are held and reopened until <see cref="StopAsync"/> or until
    /// <paramref name="bound"/> has passed, whichever comes first.
    /// </summary>
    public async Task StartAsync(TimeSpan bound)
    {
        _stop.CancelAfter(bound);
        var started = Stopwatch.GetTimestamp();
        using var gate = new SemaphoreSlim(OpeningParallelism);
        var firstAttempts = new List<Task>(_count);
        try
        {
            for (var i = 0; i < _count; i++)
            {
                await gate.WaitAsync(_stop.Token).ConfigureAwait(false);
                var firstAttempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _holders.Add(HoldAsync(SourceAddresses.For(i, _sources), firstAttempt));
                firstAttempts.Add(firstAttempt.Task.ContinueWith(_ => gate.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Interrupted or out of time while opening: the holders already started end by themselves.
        }

        await Task.WhenAll(firstAttempts).ConfigureAwait(false);
        _openSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        _openAfterStart = Volatile.Read(ref _open);
        _sampler = SampleAsync(bound);
    }

    /// <summary>Closes them all and reports; what was open is read before anything is closed.</summary>
    public async Task<IdleCrowdResult> StopAsync()
    {
        var openAtEnd = Volatile.Read(ref _open);
        var connectingAtEnd = Volatile.Read(ref _connecting);
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_holders).ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        var samples = Interlocked.Read(ref _samples);
        return new IdleCrowdResult(
            _count,
            _sources,
            _openAfterStart,
            openAtEnd,
            connectingAtEnd,
            samples == 0 ? openAtEnd : _openMin,
            samples == 0 ? openAtEnd : Interlocked.Read(ref _openSum) / (double)samples,
            Interlocked.Read(ref _connects),
            Interlocked.Read(ref _reopens),
            Interlocked.Read(ref _closedByServer),
            Interlocked.Read(ref _connectFailures),
            _openSeconds);
    }

    public void Dispose() => _stop.Dispose();

    private async Task HoldAsync(IPAddress source, TaskCompletionSource firstAttempt)
    {
        var token = _stop.Token;
        var buffer = new byte[1];
        var closedBefore = false;
        try
        {
            for (var attempt = 0; attempt < MaxConnectsPerSocket && !token.IsCancellationRequested; attempt++)
            {
                var connected = false;
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    Interlocked.Increment(ref _connecting);
                    try
                    {
                        // A full accept queue drops the SYN: the kernel retries it after 1 s, 3 s, …
                        await socket.ConnectAsync(_target, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _connecting);
                    }

                    connected = true;
                    Interlocked.Increment(ref _open);
                    Interlocked.Increment(ref _connects);
                    if (closedBefore)
                    {
                        Interlocked.Increment(ref _reopens);
                    }

                    firstAttempt.TrySetResult();

                    // Send nothing. The read ends only when the server closes (FIN or reset), or
                    // sends something, which a TLS server waiting for a ClientHello never does.
                    _ = await socket.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                    Interlocked.Increment(ref _closedByServer);
                    closedBefore = true;
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException) when (connected)
                {
                    Interlocked.Increment(ref _closedByServer);
                    closedBefore = true;
                }
                catch (SocketException)
                {
                    Interlocked.Increment(ref _connectFailures);
                    firstAttempt.TrySetResult();
                    if (!await DelayAsync(ConnectRetryPause, token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                finally
                {
                    if (connected)
                    {
                        Interlocked.Decrement(ref _open);
                    }
                }
            }
        }
        finally
        {
            firstAttempt.TrySetResult();
        }
    }

    /// <summary>False when the crowd was stopped during the wait.</summary>
    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SampleAsync(TimeSpan bound)
    {
        var token = _stop.Token;
        var maxSamples = (long)(bound / SampleEvery) + 1;
        for (long i = 0; i < maxSamples && !token.IsCancellationRequested; i++)
        {
            if (!await DelayAsync(SampleEvery, token).ConfigureAwait(false))
            {
                return;
            }

            var open = Volatile.Read(ref _open);
            _openMin = Math.Min(_openMin, open);
            Interlocked.Add(ref _openSum, open);
            Interlocked.Increment(ref _samples);
        }
    }
}

/// <summary>What an idle crowd held and how often the server closed its connections.</summary>
public sealed record IdleCrowdResult(
    int Target,
    int Sources,
    int OpenAfterStart,
    int OpenAtEnd,
    int ConnectingAtEnd,
    int OpenMin,
    double OpenMean,
    long Connects,
    long Reopens,
    long ClosedByServer,
    long ConnectFailures,
    double OpenSeconds);
