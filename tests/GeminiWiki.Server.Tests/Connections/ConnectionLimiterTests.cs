using System.Net;
using GeminiWiki.Server.Connections;

namespace GeminiWiki.Server.Tests.Connections;

/// <summary>The connection limits as a pure object: who is admitted, who is cut, who is refused.</summary>
public sealed class ConnectionLimiterTests
{
    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    [Fact]
    public void A_full_server_cuts_its_oldest_idle_connection_for_a_newcomer()
    {
        var limiter = new ConnectionLimiter(maxConnections: 3, maxPerNetwork: 3, maxPerAddress: 3);
        var oldest = limiter.TryAcquire(Ip("192.0.2.1"))!;
        var middle = limiter.TryAcquire(Ip("198.51.100.1"))!;
        var newest = limiter.TryAcquire(Ip("203.0.113.1"))!;

        var newcomer = limiter.TryAcquire(Ip("203.0.113.9"));

        Assert.NotNull(newcomer);
        Assert.True(oldest.Evicted.IsCancellationRequested);
        Assert.False(middle.Evicted.IsCancellationRequested);
        Assert.False(newest.Evicted.IsCancellationRequested);
        Assert.Equal(3, limiter.Total);
        // A connection cut just as its request line arrived is not served.
        Assert.False(oldest.TryMarkBusy());
    }

    [Fact]
    public void Connections_being_served_are_never_cut_and_a_full_server_of_them_refuses()
    {
        var limiter = new ConnectionLimiter(maxConnections: 2, maxPerNetwork: 2, maxPerAddress: 2);
        var first = limiter.TryAcquire(Ip("192.0.2.1"))!;
        var second = limiter.TryAcquire(Ip("198.51.100.1"))!;
        Assert.True(first.TryMarkBusy());
        Assert.True(second.TryMarkBusy());

        Assert.Null(limiter.TryAcquire(Ip("203.0.113.1")));
        Assert.False(first.Evicted.IsCancellationRequested || second.Evicted.IsCancellationRequested);

        first.Release();
        Assert.NotNull(limiter.TryAcquire(Ip("203.0.113.1")));
    }

    [Fact]
    public void A_busy_old_connection_is_skipped_for_the_oldest_idle_one()
    {
        var limiter = new ConnectionLimiter(maxConnections: 3, maxPerNetwork: 3, maxPerAddress: 3);
        var served = limiter.TryAcquire(Ip("192.0.2.1"))!;
        Assert.True(served.TryMarkBusy());
        var idle = limiter.TryAcquire(Ip("192.0.2.2"))!;
        var younger = limiter.TryAcquire(Ip("192.0.2.3"))!;

        Assert.NotNull(limiter.TryAcquire(Ip("198.51.100.1")));

        Assert.Equal((false, true, false), (served.Evicted.IsCancellationRequested, idle.Evicted.IsCancellationRequested, younger.Evicted.IsCancellationRequested));
    }

    [Fact]
    public void One_address_beyond_its_own_cap_is_refused_not_allowed_to_cut_others()
    {
        var limiter = new ConnectionLimiter(maxConnections: 10, maxPerNetwork: 10, maxPerAddress: 2);
        var first = limiter.TryAcquire(Ip("192.0.2.1"))!;
        var second = limiter.TryAcquire(Ip("::ffff:192.0.2.1"))!;

        Assert.Null(limiter.TryAcquire(Ip("192.0.2.1")));
        Assert.False(first.Evicted.IsCancellationRequested || second.Evicted.IsCancellationRequested);
        Assert.NotNull(limiter.TryAcquire(Ip("192.0.2.2")));
    }

    [Fact]
    public void A_full_network_cuts_within_itself_and_leaves_other_networks_alone()
    {
        var limiter = new ConnectionLimiter(maxConnections: 100, maxPerNetwork: 2, maxPerAddress: 2);
        var outsider = limiter.TryAcquire(Ip("198.51.100.7"))!;
        var first = limiter.TryAcquire(Ip("192.0.2.1"))!;
        var second = limiter.TryAcquire(Ip("192.0.2.200"))!;

        // 192.0.2.0/24 is full: its oldest idle connection makes room, the older outsider stays.
        Assert.NotNull(limiter.TryAcquire(Ip("192.0.2.50")));

        Assert.True(first.Evicted.IsCancellationRequested);
        Assert.False(second.Evicted.IsCancellationRequested);
        Assert.False(outsider.Evicted.IsCancellationRequested);
        Assert.Equal(3, limiter.Total);
    }

    [Fact]
    public void IPv6_addresses_count_per_64_and_IPv4_per_24()
    {
        Assert.Equal(NetworkKey.Of(Ip("2001:db8:1:2::1")), NetworkKey.Of(Ip("2001:db8:1:2:ffff::9")));
        Assert.NotEqual(NetworkKey.Of(Ip("2001:db8:1:2::1")), NetworkKey.Of(Ip("2001:db8:1:3::1")));
        Assert.Equal(NetworkKey.Of(Ip("192.0.2.1")), NetworkKey.Of(Ip("192.0.2.254")));
        Assert.NotEqual(NetworkKey.Of(Ip("192.0.2.1")), NetworkKey.Of(Ip("192.0.3.1")));
    }

    [Fact]
    public void Releasing_twice_frees_one_slot()
    {
        var limiter = new ConnectionLimiter(maxConnections: 2, maxPerNetwork: 2, maxPerAddress: 2);
        var first = limiter.TryAcquire(Ip("192.0.2.1"))!;
        var second = limiter.TryAcquire(Ip("192.0.2.1"))!;
        Assert.True(second.TryMarkBusy());

        first.Release();
        first.Release();

        Assert.Equal(1, limiter.Total);
        Assert.NotNull(limiter.TryAcquire(Ip("192.0.2.1")));
        Assert.Null(limiter.TryAcquire(Ip("192.0.2.1")));
    }
}

public sealed class ConnectionLimiterCuttingOrderTests
{
    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    [Fact]
    public void A_silent_socket_is_cut_before_an_older_client_that_has_started_its_handshake()
    {
        var limiter = new ConnectionLimiter(maxConnections: 2, maxPerNetwork: 2, maxPerAddress: 2);
        var talking = limiter.TryAcquire(Ip("192.0.2.1"))!;
        talking.MarkHeardFrom();
        var silent = limiter.TryAcquire(Ip("198.51.100.1"))!;

        Assert.NotNull(limiter.TryAcquire(Ip("203.0.113.1")));

        Assert.False(talking.Evicted.IsCancellationRequested);
        Assert.True(silent.Evicted.IsCancellationRequested);
    }

    [Fact]
    public void A_hello_waiting_unread_in_the_socket_counts_as_heard_from()
    {
        var limiter = new ConnectionLimiter(maxConnections: 2, maxPerNetwork: 2, maxPerAddress: 2);
        var helloWaiting = limiter.TryAcquire(Ip("192.0.2.1"), bytesWaiting: () => true)!;
        var silent = limiter.TryAcquire(Ip("198.51.100.1"), bytesWaiting: () => false)!;

        Assert.NotNull(limiter.TryAcquire(Ip("203.0.113.1")));

        Assert.False(helloWaiting.Evicted.IsCancellationRequested);
        Assert.True(silent.Evicted.IsCancellationRequested);
    }
}

public sealed class ConnectionLimiterCrowdTests
{
    [Fact]
    public void While_full_an_address_holding_silent_sockets_gets_no_more_but_a_visitor_still_gets_in()
    {
        var limiter = new ConnectionLimiter(maxConnections: 100, maxPerNetwork: 8, maxPerAddress: 8);
        var crowd = Enumerable.Range(0, 8).Select(_ => limiter.TryAcquire(IPAddress.Parse("192.0.2.66"))!).ToArray();

        // The network is full and the crowd's address already holds its silent sockets: its reopen is refused.
        Assert.Null(limiter.TryAcquire(IPAddress.Parse("192.0.2.66")));
        Assert.DoesNotContain(crowd, c => c.Evicted.IsCancellationRequested);

        // A visitor from the same network takes the oldest silent socket's place.
        Assert.NotNull(limiter.TryAcquire(IPAddress.Parse("192.0.2.1")));
        Assert.True(crowd[0].Evicted.IsCancellationRequested);
    }
}
