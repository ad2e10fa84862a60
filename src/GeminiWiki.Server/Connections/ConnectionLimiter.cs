using System.Net;
using System.Net.Sockets;

namespace GeminiWiki.Server.Connections;

/// <summary>
/// Caps live connections in all, per network (IPv4 /24, IPv6 /64) and per address, checked before
/// the TLS handshake so an abusive client costs no cryptography. Connections that have not yet sent
/// a complete request line cost an attacker nothing to hold, so when the server or a network is
/// full, one of those is cut to make room instead of refusing the newcomer: the oldest that has not
/// sent a single byte (a real client sends its TLS hello at once; a hello still waiting in the
/// socket counts as sent), else the oldest still in its handshake. Connections being served are
/// never cut. Refused: an address beyond its own cap, and, while full, an address that already
/// holds <see cref="SilentSocketsKeptWhenFull"/> silent sockets.
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

    /// <summary>
    /// A slot for a connection from <paramref name="address"/>, or null when it must be refused.
    /// <paramref name="bytesWaiting"/> tells whether the client has sent bytes the server has not read yet.
    /// </summary>
    public ConnectionSlot? TryAcquire(IPAddress address, Func<bool>? bytesWaiting = null)
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
                        slot = Admit(key, network, bytesWaiting);
                        break;
                    }

                    // An address already holding silent sockets gets no more while full: a crowd that
                    // reopens every socket the moment it is cut would otherwise churn through the
                    // slots faster than a real client finishes its handshake.
                    if (SilentSocketsOf(key) >= SilentSocketsKeptWhenFull || FirstToCut(scope) is not { } victim)
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

    /// <summary>Sockets one address may hold that never said a word, once the server or its network is full.</summary>
    public const int SilentSocketsKeptWhenFull = 4;

    private int SilentSocketsOf(IPAddress address)
    {
        var count = 0;
        foreach (var slot in _live.Values)
        {
            // Looked at only for the address asking: a real client's unread hello is not silence.
            if (!slot.HeardFrom && !slot.IsBusy && slot.Address.Equals(address))
            {
                if (slot.HasBytesWaiting())
                {
                    slot.MarkHeardFrom();
                }
                else
                {
                    count++;
                }
            }
        }

        return count;
    }

    private ConnectionSlot Admit(IPAddress key, NetworkKey network, Func<bool>? bytesWaiting)
    {
        var slot = new ConnectionSlot(this, ++_nextId, key, network, bytesWaiting);
        _live.Add(slot.Id, slot);
        _perAddress[key] = _perAddress.GetValueOrDefault(key) + 1;
        _perNetwork[network] = _perNetwork.GetValueOrDefault(network) + 1;
        return slot;
    }

    private ConnectionSlot? FirstToCut(Func<ConnectionSlot, bool> scope)
    {
        while (true)
        {
            ConnectionSlot? chosen = null;
            foreach (var slot in _live.Values)
            {
                if (slot.IsBusy || !scope(slot))
                {
                    continue;
                }

                if (chosen is null || (slot.HeardFrom, slot.Id).CompareTo((chosen.HeardFrom, chosen.Id)) < 0)
                {
                    chosen = slot;
                }
            }

            // Under load the server may not have read a real client's hello yet: one look at the
            // socket (for the chosen one only) tells it apart from a socket that never said a word.
            if (chosen is { HeardFrom: false } && chosen.HasBytesWaiting())
            {
                chosen.MarkHeardFrom();
                continue;
            }

            return chosen;
        }
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
    private volatile bool _heardFrom;

    private readonly Func<bool>? _bytesWaiting;

    internal ConnectionSlot(ConnectionLimiter limiter, long id, IPAddress address, NetworkKey network, Func<bool>? bytesWaiting)
    {
        _limiter = limiter;
        _bytesWaiting = bytesWaiting;
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

    internal bool HeardFrom => _heardFrom;

    /// <summary>The client has sent its first byte (its TLS hello): it is talking, not just holding a socket.</summary>
    public void MarkHeardFrom() => _heardFrom = true;

    internal bool HasBytesWaiting()
    {
        try
        {
            return _bytesWaiting?.Invoke() == true;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

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
