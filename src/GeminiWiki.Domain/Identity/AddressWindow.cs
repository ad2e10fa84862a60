using System.Net;
using System.Net.Sockets;

namespace GeminiWiki.Domain.Identity;

/// <summary>
/// Counts events per remote address over a sliding window and says how long an address must wait
/// once it has reached a limit. Held in memory: a restart forgets, which is acceptable for limits
/// that only slow scripts down.
/// </summary>
public sealed class AddressWindow(TimeProvider time, TimeSpan window, bool groupIPv6Networks = false)
{
    private const int TrackedAddresses = 10_000;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public TimeSpan Window => window;

    /// <summary>Null when <paramref name="address"/> has had fewer than <paramref name="limit"/> events in the window; otherwise how long to wait.</summary>
    public TimeSpan? RetryAfter(IPAddress? address, int limit)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_recent.TryGetValue(Key(address), out var times))
            {
                return null;
            }

            Expire(times, now);
            if (times.Count < limit)
            {
                return null;
            }

            // The wait ends when enough old events leave the window to bring the count below the limit.
            return times.ElementAt(times.Count - limit) + window - now;
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

    private void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && times.Peek() + window <= now)
        {
            times.Dequeue();
        }
    }

    private string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        // IPv4 clients on a dual-stack socket arrive as ::ffff:a.b.c.d; count them as the IPv4 address.
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (groupIPv6Networks && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // One host usually holds a whole /64 and can pick a fresh address for every request.
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            return new IPAddress(bytes).ToString() + "/64";
        }

        return address.ToString();
    }
}
