using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Titan;

namespace GeminiWiki.Domain.Tests.Wiki;

public sealed class TitanUploadRulesTests
{
    [Theory]
    [InlineData(0, "text/gemini", null, null, PageFormat.Gemtext)]
    [InlineData(100_000, "text/gemini", null, null, PageFormat.Gemtext)]
    [InlineData(10, "text/plain", null, null, PageFormat.Gemtext)]
    [InlineData(10, "text/markdown", null, null, PageFormat.Markdown)]
    [InlineData(10, "Text/Markdown; charset=UTF-8", null, null, PageFormat.Markdown)]
    [InlineData(10, "text/gemini", "secret", "secret", PageFormat.Gemtext)]
    public void Accepted_uploads(long size, string mime, string? token, string? required, PageFormat format)
    {
        var decision = TitanUploadRules.Check(new TitanParameters(size, mime, token), 100_000, required);
        Assert.True(decision.IsAccepted, decision.Refusal?.Meta);
        Assert.Equal(format, decision.Format);
    }

    [Theory]
    [InlineData(100_001, "text/gemini", null, null, "limit of 100000 bytes")]
    [InlineData(5_000_000_000, "text/gemini", null, null, "limit of 100000 bytes")]
    [InlineData(10, "image/png", null, null, "text/gemini, text/plain, text/markdown")]
    [InlineData(10, "application/octet-stream", null, null, "can't be of type 'application/octet-stream'")]
    [InlineData(10, "text/gemini; charset=iso-8859-1", null, null, "UTF-8")]
    [InlineData(10, "text/gemini", null, "secret", "needs a token")]
    [InlineData(10, "text/gemini", "guess", "secret", "Wrong Titan token")]
    public void Refused_uploads_are_59_and_say_why(long size, string mime, string? token, string? required, string why)
    {
        var decision = TitanUploadRules.Check(new TitanParameters(size, mime, token), 100_000, required);
        Assert.False(decision.IsAccepted);
        Assert.Equal(59, decision.Refusal!.Code);
        Assert.Contains(why, decision.Refusal.Meta, StringComparison.Ordinal);
    }
}
