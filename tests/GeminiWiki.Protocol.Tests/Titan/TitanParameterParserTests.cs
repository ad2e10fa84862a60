using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Titan;

namespace GeminiWiki.Protocol.Tests.Titan;

/// <summary>Titan parameters taken off a raw request path; whole titan:// requests are in RequestParserTests.</summary>
public sealed class TitanParameterParserTests
{
    [Theory]
    [InlineData("/raw/Home;size=10", "/raw/Home", 10L, "text/gemini", null)]
    [InlineData("/raw/Home;mime=text/plain;size=5;token=abc", "/raw/Home", 5L, "text/plain", "abc")]
    [InlineData("/raw/Home;Size=5;Token=a%3Bb", "/raw/Home", 5L, "text/gemini", "a;b")]
    [InlineData("/raw/Home;size=5;;", "/raw/Home", 5L, "text/gemini", null)]
    // Values are percent-decoded, the size too.
    [InlineData("/raw/Home;size=%31", "/raw/Home", 1L, "text/gemini", null)]
    // A ';' not followed by name=value belongs to the path, and a MIME value may hold a '/'.
    [InlineData("/raw/a;b/Home;size=5", "/raw/a;b/Home", 5L, "text/gemini", null)]
    [InlineData("/raw/Home;draft;size=5", "/raw/Home;draft", 5L, "text/gemini", null)]
    [InlineData("/raw/Home;mime=text/markdown;size=5", "/raw/Home", 5L, "text/markdown", null)]
    [InlineData(";size=0", "", 0L, "text/gemini", null)]
    public void Splits_the_path_from_its_parameters(string rawPath, string path, long size, string mime, string? token)
    {
        Assert.True(TitanParameterParser.TrySplit(rawPath, out var pathLength, out var parameters, out var reason), reason.ToString());

        Assert.Equal(path, rawPath[..pathLength]);
        Assert.Equal(new TitanParameters(size, mime, token), parameters);
    }

    [Theory]
    [InlineData("/raw/Home", RequestRejectionReason.TitanMissingSize)]
    [InlineData("/raw/Home;draft", RequestRejectionReason.TitanMissingSize)]
    [InlineData("/raw/Home;mime=text/plain", RequestRejectionReason.TitanMissingSize)]
    [InlineData("/raw/Home;size=", RequestRejectionReason.TitanInvalidSize)]
    [InlineData("/raw/Home;size=-1", RequestRejectionReason.TitanInvalidSize)]
    [InlineData("/raw/Home;size=1234567890123456789", RequestRejectionReason.TitanInvalidSize)]
    [InlineData("/raw/Home;size=3;token", RequestRejectionReason.TitanInvalidParameter)]
    [InlineData("/raw/Home;size=3;=x", RequestRejectionReason.TitanInvalidParameter)]
    [InlineData("/raw/Home;size=3;token=%zz", RequestRejectionReason.TitanInvalidParameter)]
    public void Rejects(string rawPath, RequestRejectionReason expected)
    {
        Assert.False(TitanParameterParser.TrySplit(rawPath, out _, out var parameters, out var reason));

        Assert.Null(parameters);
        Assert.Equal(expected, reason);
    }
}
