using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Protocol.Tests.Requests;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("Home")]
    [InlineData("two words")]
    [InlineData("a/b?c#d%e")]
    [InlineData("Café ✓ 😀")]
    [InlineData("1+1=2 & more")]
    [InlineData("line\nbreak\r\n")]
    [InlineData("")]
    [InlineData("~unreserved-._")]
    public void Segments_and_queries_round_trip(string text)
    {
        var segment = PercentEncoding.EncodeSegment(text);
        var query = PercentEncoding.EncodeQuery(text);

        Assert.True(PercentEncoding.TryDecode(segment, out var fromSegment));
        Assert.True(PercentEncoding.TryDecode(query, out var fromQuery));
        Assert.Equal(text, fromSegment);
        Assert.Equal(text, fromQuery);
        Assert.DoesNotContain('/', segment);
        Assert.DoesNotContain('?', segment);
        Assert.DoesNotContain(' ', query);
        Assert.DoesNotContain('#', query);
    }

    [Theory]
    [InlineData("two words", "two%20words", "two%20words")]
    [InlineData("a/b?c", "a%2Fb%3Fc", "a/b?c")]
    [InlineData("Café", "Caf%C3%A9", "Caf%C3%A9")]
    [InlineData("100%", "100%25", "100%25")]
    [InlineData("a+b", "a+b", "a+b")]
    [InlineData("#", "%23", "%23")]
    public void Encodes(string text, string segment, string query)
    {
        Assert.Equal(segment, PercentEncoding.EncodeSegment(text));
        Assert.Equal(query, PercentEncoding.EncodeQuery(text));
    }

    [Theory]
    [InlineData("a%20b", "a b")]
    [InlineData("a+b", "a+b")]
    [InlineData("%c3%a9", "é")]
    [InlineData("%C3%A9", "é")]
    [InlineData("é", "é")]
    [InlineData("line%0D%0Abreak", "line\r\nbreak")]
    [InlineData("line%0Abreak", "line\nbreak")]
    public void Decodes(string encoded, string text)
    {
        Assert.True(PercentEncoding.TryDecode(encoded, out var decoded));
        Assert.Equal(text, decoded);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("a%zz")]
    [InlineData("%FF")]
    [InlineData("%C3")]
    [InlineData("%C0%AF")]
    [InlineData("%ED%A0%80")]
    public void Refuses_malformed_escapes_and_bytes_that_are_not_UTF8(string encoded)
    {
        Assert.False(PercentEncoding.TryDecode(encoded, out _));
    }

    [Theory]
    [InlineData("/a/b", new[] { "a", "b" })]
    [InlineData("/", new string[0])]
    [InlineData("/a%2Fb/c%20d/", new[] { "a/b", "c d" })]
    [InlineData("/..%2F..", new[] { "../.." })]
    public void Path_segments_are_decoded_one_by_one(string path, string[] segments)
    {
        Assert.True(PathNormalizer.TryDecodeSegments(path, out var decoded));
        Assert.Equal(segments, decoded);
    }
}
