using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Protocol.Tests.Requests;

/// <summary>Path normalisation on its own, for inputs the parser's escape check never lets through.</summary>
public sealed class PathNormalizerTests
{
    [Theory]
    [InlineData("/a/%41%7e", "/a/A~")]
    [InlineData("/%c3%a9", "/%C3%A9")]
    [InlineData("/a/%2e%2E/b", "/b")]
    // A '%' that starts no complete escape is left alone: the characters after it are not decoded,
    // upper-cased or swallowed (found by the property tier: "/%/n" became "/%/N", "/%4g" became "/P").
    [InlineData("/%/n", "/%/n")]
    [InlineData("/%4g", "/%4g")]
    [InlineData("/x%", "/x%")]
    [InlineData("/%zz/a", "/%zz/a")]
    public void Normalises(string raw, string expected)
    {
        Assert.True(PathNormalizer.TryNormalize(raw, out var path));
        Assert.Equal(expected, path);
        Assert.True(PathNormalizer.TryNormalize(path, out var again));
        Assert.Equal(path, again);
    }
}
