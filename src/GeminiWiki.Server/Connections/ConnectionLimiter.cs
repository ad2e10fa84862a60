using System.Collections.Concurrent;
using System.Net;

namespace GeminiWiki.Server.Connections;

/// <summary>
/// Caps live connections in all and per remote address, checked before the TLS handshake so an
/// abusive client costs no cryptography.
/// </summary>
public sealed class ConnectionLimiter(int maxConnections, int maxPerAddress)
{
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private int _total;

    public int Total => Volatile.Read(ref _total);

    public bool TryAcquire(IPAddress address)
    {
        if (Interlocked.Increment(ref _total) > maxConnections)
        {
            Interlocked.Decrement(ref _total);
            return false;
        }

        var key = Normalize(address);
        while (true)
        {
            var current = _perAddress.GetOrAdd(key, 0);
            if (current >= maxPerAddress)
            {
                Interlocked.Decrement(ref _total);
                return false;
            }

            if (_perAddress.TryUpdate(key, current + 1, current))
            {
                return true;
            }
        }
    }

    public void Release(IPAddress address)
    {
        var key = Normalize(address);
        while (_perAddress.TryGetValue(key, out var current))
        {
            if (current <= 1)
            {
                if (_perAddress.TryRemove(new KeyValuePair<IPAddress, int>(key, current)))
                {
                    break;
                }
            }
            else if (_perAddress.TryUpdate(key, current - 1, current))
            {
                break;
            }
        }

        Interlocked.Decrement(ref _total);
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
