using System.Net;
using GeminiWiki.LoadGen.Options;

namespace GeminiWiki.LoadGen.Tests;

public sealed class SourceAddressesTests
{
    [Theory]
    [InlineData(0, 40, "127.0.0.2")]
    [InlineData(1, 40, "127.0.0.3")]
    [InlineData(39, 40, "127.0.0.41")]
    [InlineData(40, 40, "127.0.0.2")]
    [InlineData(1023, 40, "127.0.0.25")]
    [InlineData(5, 1, "127.0.0.2")]
    [InlineData(252, 253, "127.0.0.254")]
    public void Connections_take_the_addresses_in_turn(int index, int sources, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), SourceAddresses.For(index, sources));

    [Fact]
    public void A_thousand_and_twenty_four_over_forty_addresses_differ_by_at_most_one()
    {
        var spread = SourceAddresses.Spread(1024, 40);

        Assert.Equal(40, spread.Count);
        Assert.Equal(1024, spread.Sum(s => s.Connections));
        Assert.Equal(24, spread.Count(s => s.Connections == 26));
        Assert.Equal(16, spread.Count(s => s.Connections == 25));
        Assert.Equal(40, spread.Select(s => s.Address).Distinct().Count());
    }

    [Fact]
    public void Spread_agrees_with_the_address_of_each_connection()
    {
        var counted = Enumerable.Range(0, 1024).GroupBy(i => SourceAddresses.For(i, 40)).ToDictionary(g => g.Key, g => g.Count());

        Assert.All(SourceAddresses.Spread(1024, 40), s => Assert.Equal(counted[s.Address], s.Connections));
    }

    [Fact]
    public void Fewer_connections_than_addresses_use_only_as_many_addresses()
    {
        var spread = SourceAddresses.Spread(3, 40);

        Assert.Equal(3, spread.Count);
        Assert.All(spread, s => Assert.Equal(1, s.Connections));
    }

    [Fact]
    public void Every_source_is_loopback_and_none_is_the_measured_clients_address()
    {
        for (var i = 0; i < SourceAddresses.Max; i++)
        {
            var address = SourceAddresses.For(i, SourceAddresses.Max);
            Assert.True(LoopbackTarget.IsLoopback(address));
            Assert.NotEqual(IPAddress.Loopback, address);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(254)]
    public void Source_counts_outside_one_slash_24_are_refused(int sources) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SourceAddresses.For(0, sources));
}
