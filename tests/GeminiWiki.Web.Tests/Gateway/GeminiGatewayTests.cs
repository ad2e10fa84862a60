using GeminiWiki.Web.Gateway;

namespace GeminiWiki.Web.Tests.Gateway;

public sealed class GeminiGatewayTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("q=hello+world", "hello%20world")]
    [InlineData("q=a%2Bb%26c", "a%2Bb%26c")]
    [InlineData("q=Gr%C3%BC%C3%9Fe", "Gr%C3%BC%C3%9Fe")]
    [InlineData("q=", "")]
    [InlineData("hello%20world", "hello%20world")]
    [InlineData("yes", "yes")]
    [InlineData("q=a&other=b", "q=a&other=b")]
    public void A_form_answer_becomes_the_query_a_gemini_client_sends(string? web, string? gemini) =>
        Assert.Equal(gemini, GeminiGateway.GeminiQuery(web));
}
