using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeminiWiki.Domain.Identity.Storage;

/// <summary>
/// Refused certificates for the admin page. A refusal is noted in memory on the request path and
/// written later, together with every other refusal of the moment, in one transaction at most
/// every <see cref="FlushInterval"/>: a stream of refused requests never becomes a stream of
/// database writes. Reading the log writes what is pending first, so the admin page is current.
/// </summary>
public sealed partial class LiteRefusalLog : IRefusalLog, IDisposable
{
    /// <summary>How many refused certificates are kept; the least recently refused go first.</summary>
    public const int Kept = 200;

    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    private readonly IdentityDatabase _identity;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _pendingGate = new();
    private readonly Lock _flushGate = new();
    private Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private bool _scheduled;

    public LiteRefusalLog(IdentityDatabase identity, TimeProvider time, ILogger<LiteRefusalLog>? logger = null)
    {
        _identity = identity;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timer = time.CreateTimer(_ => FlushQuietly(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many transactions the log has written (tests and diagnostics).</summary>
    internal int Writes { get; private set; }

    public void Record(Fingerprint fingerprint, string commonName, DateTimeOffset now)
    {
        lock (_pendingGate)
        {
            if (_pending.TryGetValue(fingerprint.Hex, out var known))
            {
                _pending[fingerprint.Hex] = known with { CommonName = commonName, LastSeen = now, Count = known.Count + 1 };
            }
            else
            {
                if (_pending.Count >= Kept)
                {
                    // Only the Kept most recent are kept anyway: memory stays bounded under a flood.
                    _pending.Remove(_pending.MinBy(entry => entry.Value.LastSeen).Key);
                }

                _pending[fingerprint.Hex] = new Pending(commonName, now, now, 1);
            }

            if (!_scheduled)
            {
                _scheduled = true;
                _timer.Change(FlushInterval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public IReadOnlyList<RefusedCertificate> Recent(int max = 50)
    {
        Flush();
        return _identity.Refused.Query().OrderByDescending(r => r.LastSeen).Limit(max).ToList()
            .Select(r => new RefusedCertificate(IdentityDatabase.ParseStored(r.Id), r.CommonName, IdentityDatabase.Utc(r.FirstSeen), IdentityDatabase.Utc(r.LastSeen), r.Count))
            .ToList();
    }

    /// <summary>Writes every pending refusal in one transaction.</summary>
    public void Flush()
    {
        lock (_flushGate)
        {
            Dictionary<string, Pending> batch;
            lock (_pendingGate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                batch = _pending;
                _pending = new Dictionary<string, Pending>(StringComparer.Ordinal);
                _scheduled = false;
            }

            _identity.Write(() => Store(batch));
            Writes++;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        FlushQuietly();
    }

    private void Store(Dictionary<string, Pending> batch)
    {
        var refused = _identity.Refused;
        foreach (var (hex, pending) in batch)
        {
            // Allowed while its refusals waited in memory: nothing left for an admin to act on.
            if (_identity.AllowList.Exists(a => a.Id == hex))
            {
                continue;
            }

            var existing = refused.FindById(hex);
            if (existing is null)
            {
                refused.Insert(new RefusedDocument
                {
                    Id = hex, CommonName = pending.CommonName, FirstSeen = pending.FirstSeen.UtcDateTime, LastSeen = pending.LastSeen.UtcDateTime, Count = pending.Count,
                });
            }
            else
            {
                existing.CommonName = pending.CommonName;
                existing.LastSeen = pending.LastSeen.UtcDateTime;
                existing.Count += pending.Count;
                refused.Update(existing);
            }
        }

        var excess = refused.Count() - Kept;
        if (excess > 0)
        {
            foreach (var old in refused.Query().OrderBy(r => r.LastSeen).Limit(excess).ToList())
            {
                refused.Delete(old.Id);
            }
        }
    }

    private void FlushQuietly()
    {
        try
        {
            Flush();
        }
        catch (Exception ex)
        {
            // The log is a convenience for admins: a failed write (a full disk) must not take a thread down.
            LogFlushFailed(_logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the recently refused certificates")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    private sealed record Pending(string CommonName, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int Count);
}
