using System.Net;
using System.Text;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Protocol.Tests;

public sealed class ParserOrderingTests
{
    [Theory]
    [InlineData("gemini://elsewhere.example/../../etc", RequestRejectionReason.HostNotServed)]
    [InlineData("gemini://localhost:1966/../x", RequestRejectionReason.PortNotServed)]
    [InlineData("gemini://localhost/../x", RequestRejectionReason.PathAboveRoot)]
    public void A_foreign_host_or_port_is_refused_as_such_whatever_the_path(string url, RequestRejectionReason expected)
    {
        var served = new ServedAuthority(["localhost"], 1965, acceptTitan: true);

        Assert.False(RequestParser.TryParse(Encoding.UTF8.GetBytes(url), served, IPAddress.Loopback, out _, out var reason));
        Assert.Equal(expected, reason);
    }
}
