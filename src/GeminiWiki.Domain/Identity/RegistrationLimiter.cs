using System.Net;

namespace GeminiWiki.Domain.Identity;

/// <summary>
/// Limits how many accounts one IP address creates per hour (a sliding window), so a script cannot
/// fill the database with accounts. Held in memory: a restart forgets, which is acceptable.
/// </summary>
public sealed class RegistrationLimiter(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private const int TrackedAddresses = 10_000;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Null when <paramref name="address"/> may create an account now; otherwise how long to wait.</summary>
    public TimeSpan? RetryAfter(IPAddress? address, int perHour)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_recent.TryGetValue(Key(address), out var times))
            {
                return null;
            }

            Expire(times, now);
            return times.Count < perHour ? null : times.Peek() + Window - now;
        }
    }

    public void Record(IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_recent.Count >= TrackedAddresses)
            {
                foreach (var (tracked, queue) in _recent.ToList())
                {
                    Expire(queue, now);
                    if (queue.Count == 0)
                    {
                        _recent.Remove(tracked);
                    }
                }
            }

            var key = Key(address);
            if (!_recent.TryGetValue(key, out var times))
            {
                _recent[key] = times = new Queue<DateTimeOffset>();
            }

            times.Enqueue(now);
        }
    }

    private static void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && times.Peek() + Window <= now)
        {
            times.Dequeue();
        }
    }

    // IPv4 clients on a dual-stack socket arrive as ::ffff:a.b.c.d; count them as the IPv4 address.
    private static string Key(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
