using System.Net;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Protocol.Tests.Requests;

/// <summary>The authority of a request URI: its syntax, and whether this server answers for it.</summary>
public sealed class RequestAuthorityTests
{
    private static readonly ServedAuthority Served = new(["localhost"], 1965, acceptTitan: true);

    [Theory]
    [InlineData("localhost", "localhost", null)]
    [InlineData("LocalHost.", "localhost", null)]
    [InlineData("localhost:1965", "localhost", 1965)]
    [InlineData("localhost:", "localhost", null)]
    [InlineData("localhost:01965", "localhost", 1965)]
    [InlineData("localhost:65535", "localhost", 65535)]
    [InlineData("café.example", "café.example", null)]
    [InlineData("127.0.0.1", "127.0.0.1", null)]
    [InlineData("[::1]", "[::1]", null)]
    [InlineData("[::1]:1966", "[::1]", 1966)]
    [InlineData("[2001:DB8::7]:", "[2001:db8::7]", null)]
    public void Parses(string text, string host, int? port)
    {
        Assert.True(RequestAuthority.TryParse(text, out var authority, out var reason), reason.ToString());

        Assert.Equal(new RequestAuthority(host, port), authority);
    }

    [Theory]
    [InlineData("user@localhost", RequestRejectionReason.UserInfo)]
    [InlineData("@localhost", RequestRejectionReason.UserInfo)]
    [InlineData("user:secret@localhost:1965", RequestRejectionReason.UserInfo)]
    [InlineData("", RequestRejectionReason.EmptyHost)]
    [InlineData(":1965", RequestRejectionReason.EmptyHost)]
    [InlineData(".", RequestRejectionReason.EmptyHost)]
    [InlineData("local%68ost", RequestRejectionReason.InvalidHost)]
    [InlineData("localhost:1965:1965", RequestRejectionReason.InvalidHost)]
    [InlineData("[::1", RequestRejectionReason.InvalidHost)]
    [InlineData("[zz::1]", RequestRejectionReason.InvalidHost)]
    [InlineData("[127.0.0.1]", RequestRejectionReason.InvalidHost)]
    [InlineData("[::1]x", RequestRejectionReason.InvalidHost)]
    [InlineData("localhost:http", RequestRejectionReason.InvalidPort)]
    [InlineData("localhost:0", RequestRejectionReason.InvalidPort)]
    [InlineData("localhost:65536", RequestRejectionReason.InvalidPort)]
    [InlineData("localhost:+1965", RequestRejectionReason.InvalidPort)]
    [InlineData("localhost:0001965", RequestRejectionReason.InvalidPort)]
    [InlineData("[::1]:-1", RequestRejectionReason.InvalidPort)]
    public void Rejects(string text, RequestRejectionReason expected)
    {
        Assert.False(RequestAuthority.TryParse(text, out _, out var reason));

        Assert.Equal(expected, reason);
    }

    [Theory]
    // Hosts that are IP literals are served when they name the address the connection arrived on
    // (clients that send no SNI address the server this way).
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("192.0.2.7", "192.0.2.7", true)]
    [InlineData("192.0.2.7", "::ffff:192.0.2.7", true)]
    [InlineData("192.0.2.7:1965", "192.0.2.7", true)]
    [InlineData("192.0.2.8", "192.0.2.7", false)]
    [InlineData("[::1]", "::1", true)]
    [InlineData("[::1]:1965", "::1", true)]
    [InlineData("[0:0:0:0:0:0:0:1]", "::1", true)]
    [InlineData("[2001:DB8::7]", "2001:db8::7", true)]
    [InlineData("[2001:db8::7]", "2001:db8::8", false)]
    [InlineData("[::ffff:192.0.2.7]", "192.0.2.7", true)]
    [InlineData("[fe80::1]", "fe80::1%2", true)]
    // Loopback answers for loopback, whichever family the client chose.
    [InlineData("[::1]", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "::1", true)]
    [InlineData("127.0.0.1", "192.0.2.7", false)]
    // Only dotted quads are IPv4 literals; these are host names we do not serve.
    [InlineData("127.1", "127.0.0.1", false)]
    [InlineData("2130706433", "127.0.0.1", false)]
    [InlineData("0x7f.0.0.1", "127.0.0.1", false)]
    [InlineData("127.000.000.001", "127.0.0.1", false)]
    [InlineData("127.0.0.256", "127.0.0.1", false)]
    public void Serves_IP_literals_of_the_local_address(string text, string localAddress, bool served)
    {
        var rejection = Parse(text).CheckServedBy(Served, IPAddress.Parse(localAddress));

        Assert.Equal(served ? null : RequestRejectionReason.HostNotServed, rejection);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("192.0.2.7", false)]
    [InlineData("localhost", true)]
    public void Without_a_local_address_only_loopback_literals_are_served(string text, bool served)
    {
        Assert.Equal(served, Parse(text).CheckServedBy(Served, null) is null);
    }

    [Fact]
    public void Any_configured_host_name_is_served_on_the_configured_port()
    {
        var served = new ServedAuthority(["wiki.example.org", "Example.ORG."], 1966, acceptTitan: false);

        Assert.Null(Parse("WIKI.example.org:1966").CheckServedBy(served, null));
        Assert.Null(Parse("example.org.:1966").CheckServedBy(served, null));
        Assert.Equal(RequestRejectionReason.PortNotServed, Parse("example.org").CheckServedBy(served, null));
        Assert.Equal(RequestRejectionReason.HostNotServed, Parse("example.com:1966").CheckServedBy(served, null));
    }

    [Fact]
    public void A_foreign_host_is_reported_before_a_foreign_port()
    {
        Assert.Equal(RequestRejectionReason.HostNotServed, Parse("example.org:1966").CheckServedBy(Served, IPAddress.Loopback));
    }

    private static RequestAuthority Parse(string text)
    {
        Assert.True(RequestAuthority.TryParse(text, out var authority, out var reason), reason.ToString());
        return authority;
    }
}
