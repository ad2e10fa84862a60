using System.Net;
using System.Net.Sockets;

namespace GeminiWiki.Server.Connections;

/// <summary>
/// Caps live connections in all, per network (IPv4 /24, IPv6 /64) and per address, checked before
/// the TLS handshake so an abusive client costs no cryptography. Connections that have not yet sent
/// a complete request line cost an attacker nothing to hold, so when the server or a network is
/// full, the oldest of those is cut to make room instead of refusing the newcomer; connections
/// being served are never cut. One address beyond its own cap is refused.
/// </summary>
public sealed class ConnectionLimiter(int maxConnections, int maxPerNetwork, int maxPerAddress)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, ConnectionSlot> _live = [];
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Dictionary<NetworkKey, int> _perNetwork = [];
    private long _nextId;

    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>A slot for a connection from <paramref name="address"/>, or null when it must be refused.</summary>
    public ConnectionSlot? TryAcquire(IPAddress address)
    {
        var key = Normalize(address);
        var network = NetworkKey.Of(key);
        List<ConnectionSlot>? evicted = null;
        ConnectionSlot? slot = null;
        lock (_gate)
        {
            if (_perAddress.GetValueOrDefault(key) < maxPerAddress)
            {
                while (true)
                {
                    Func<ConnectionSlot, bool>? scope =
                        _perNetwork.GetValueOrDefault(network) >= maxPerNetwork ? s => s.Network == network
                        : _live.Count >= maxConnections ? static _ => true
                        : null;
                    if (scope is null)
                    {
                        slot = Admit(key, network);
                        break;
                    }

                    if (OldestIdle(scope) is not { } victim)
                    {
                        break;
                    }

                    Remove(victim);
                    (evicted ??= []).Add(victim);
                }
            }
        }

        // Cut outside the lock: cancelling runs the victims' continuations.
        foreach (var victim in evicted ?? [])
        {
            victim.Evict();
        }

        return slot;
    }

    private ConnectionSlot Admit(IPAddress key, NetworkKey network)
    {
        var slot = new ConnectionSlot(this, ++_nextId, key, network);
        _live.Add(slot.Id, slot);
        _perAddress[key] = _perAddress.GetValueOrDefault(key) + 1;
        _perNetwork[network] = _perNetwork.GetValueOrDefault(network) + 1;
        return slot;
    }

    private ConnectionSlot? OldestIdle(Func<ConnectionSlot, bool> scope)
    {
        ConnectionSlot? oldest = null;
        foreach (var slot in _live.Values)
        {
            if (!slot.IsBusy && scope(slot) && (oldest is null || slot.Id < oldest.Id))
            {
                oldest = slot;
            }
        }

        return oldest;
    }

    internal bool TryMarkBusy(ConnectionSlot slot)
    {
        lock (_gate)
        {
            if (!_live.ContainsKey(slot.Id))
            {
                return false;
            }

            slot.SetBusy();
            return true;
        }
    }

    internal void Release(ConnectionSlot slot)
    {
        lock (_gate)
        {
            if (_live.ContainsKey(slot.Id))
            {
                Remove(slot);
            }
        }
    }

    private void Remove(ConnectionSlot slot)
    {
        _live.Remove(slot.Id);
        Decrement(_perAddress, slot.Address);
        Decrement(_perNetwork, slot.Network);
    }

    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        var count = counts[key] - 1;
        if (count == 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = count;
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

/// <summary>The network an address counts against: its IPv4 /24 or IPv6 /64.</summary>
public readonly record struct NetworkKey(ulong High, ulong Low)
{
    public static NetworkKey Of(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        return address.AddressFamily == AddressFamily.InterNetwork
            ? new NetworkKey(0, (ulong)bytes[0] << 16 | (ulong)bytes[1] << 8 | bytes[2])
            : new NetworkKey(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]), ulong.MaxValue);
    }
}

/// <summary>
/// One admitted connection's place in the limits. Released once, as soon as the connection has
/// nothing left to say; cut (its token cancelled) when evicted before it sent a request.
/// </summary>
public sealed class ConnectionSlot
{
    private readonly ConnectionLimiter _limiter;
    private readonly CancellationTokenSource _evicted = new();
    private volatile bool _busy;

    internal ConnectionSlot(ConnectionLimiter limiter, long id, IPAddress address, NetworkKey network)
    {
        _limiter = limiter;
        Id = id;
        Address = address;
        Network = network;
    }

    internal long Id { get; }

    internal IPAddress Address { get; }

    internal NetworkKey Network { get; }

    /// <summary>Cancelled when the connection is cut to make room for others.</summary>
    public CancellationToken Evicted => _evicted.Token;

    public bool WasEvicted => _evicted.IsCancellationRequested;

    internal bool IsBusy => _busy;

    /// <summary>
    /// The request line is complete: from now on the connection is served and never cut to make
    /// room. False when it was cut a moment before: then it must close without an answer.
    /// </summary>
    public bool TryMarkBusy() => _limiter.TryMarkBusy(this);

    /// <summary>Frees the slot for the next connection; safe to call more than once.</summary>
    public void Release() => _limiter.Release(this);

    internal void SetBusy() => _busy = true;

    // The source is never disposed: it has no timer, and a late Evict must not find it disposed.
    internal void Evict() => _evicted.Cancel();
}
