using System.Diagnostics;
using GeminiWiki.LoadGen.Measuring;
using GeminiWiki.LoadGen.Options;

namespace GeminiWiki.LoadGen.Running;

/// <summary>
/// N workers, each looping over whole requests until the duration ends or the request budget is
/// spent (whichever comes first). Requests started during warm-up run but are not measured.
/// </summary>
public sealed class LoadRunner(LoadOptions options, LoopbackTarget target, RequestTemplate template, System.Net.Security.SslClientAuthenticationOptions tls)
{
    private readonly ServerCertificateSize _certificateSize = new();
    private long _sequence;
    private long _measuredIssued;
    private long _warmupIssued;

    /// <summary>Runs the measured load; the idle connections and the idle crowd given run beside it and are reported with it.</summary>
    public async Task<RunResult> RunAsync(IdleConnections? idle, IdleCrowd? crowd, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var workers = Enumerable.Range(0, options.Concurrency)
            .Select(_ => new GeminiClientWorker(target, template, tls, timeout, _certificateSize))
            .ToArray();
        try
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var begin = Stopwatch.GetTimestamp();
            var measureFrom = begin + (long)(options.WarmupSeconds * Stopwatch.Frequency);
            var stopAt = measureFrom + (long)(options.DurationSeconds * Stopwatch.Frequency);
            var tasks = new Task[workers.Length];
            for (var i = 0; i < workers.Length; i++)
            {
                var worker = workers[i];
                tasks[i] = Task.Run(() => LoopAsync(worker, measureFrom, stopAt, cancellationToken), CancellationToken.None);
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
            var end = Stopwatch.GetTimestamp();
            IdleCrowdResult? crowdResult = crowd is null ? null : await crowd.StopAsync().ConfigureAwait(false);
            IdleResult? idleResult = idle is null ? null : await idle.WaitAsync().ConfigureAwait(false);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

            var total = new WorkerStats();
            foreach (var worker in workers)
            {
                total.Add(worker.Stats);
            }

            var elapsed = Math.Max(1, end - Math.Min(measureFrom, end)) / (double)Stopwatch.Frequency;
            return new RunResult(options, target, total, elapsed, Interlocked.Read(ref _warmupIssued), _certificateSize.Length, cpu.TotalMilliseconds, idleResult, crowdResult);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    private async Task LoopAsync(GeminiClientWorker worker, long measureFrom, long stopAt, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= stopAt)
            {
                return;
            }

            var measured = now >= measureFrom;
            if (measured && Interlocked.Increment(ref _measuredIssued) > options.MaxRequests)
            {
                return;
            }

            if (!measured)
            {
                Interlocked.Increment(ref _warmupIssued);
            }

            var number = Interlocked.Increment(ref _sequence) - 1;
            await worker.RunOneAsync(number, measured).ConfigureAwait(false);
        }
    }

    /// <summary>Start-up probe: one request at a time until the first answer; returns when it came, or null.</summary>
    public async Task<DateTimeOffset?> WaitUpAsync(CancellationToken cancellationToken)
    {
        using var worker = new GeminiClientWorker(target, template, tls, TimeSpan.FromSeconds(Math.Min(options.TimeoutSeconds, 2)), _certificateSize);
        var giveUp = Stopwatch.GetTimestamp() + (long)(options.WaitUpSeconds * Stopwatch.Frequency);
        long number = 0;
        while (Stopwatch.GetTimestamp() < giveUp && !cancellationToken.IsCancellationRequested)
        {
            if (await worker.RunOneAsync(number++, measured: false).ConfigureAwait(false) >= 0)
            {
                return DateTimeOffset.UtcNow;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }
}

public sealed record RunResult(
    LoadOptions Options,
    LoopbackTarget Target,
    WorkerStats Stats,
    double ElapsedSeconds,
    long WarmupRequests,
    int ServerCertificateLength,
    double GeneratorCpuMs,
    IdleResult? Idle,
    IdleCrowdResult? Crowd)
{
    public double RequestsPerSecond => Stats.Completed / ElapsedSeconds;

    /// <summary>Successes over attempts; 0 when nothing was attempted.</summary>
    public double SuccessRatio => Stats.Attempted == 0 ? 0 : Stats.Succeeded / (double)Stats.Attempted;

    public long TotalErrors => Stats.Errors.Sum();
}
