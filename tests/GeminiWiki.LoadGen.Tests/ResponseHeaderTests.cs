using System.Text;
using GeminiWiki.LoadGen.Running;

namespace GeminiWiki.LoadGen.Tests;

public sealed class ResponseHeaderTests
{
    [Theory]
    [InlineData("20 text/gemini\r\n", 20)]
    [InlineData("20 text/gemini; lang=en\r\n", 20)]
    [InlineData("30 gemini://localhost/page/x\r\n", 30)]
    [InlineData("51 Not found\r\n", 51)]
    [InlineData("51 \r\n", 51)]
    [InlineData("51\r\n", 51)]
    [InlineData("62 certificate expired\r\n", 62)]
    [InlineData("20 text/gemini\n", -1)]
    [InlineData("2 text/gemini\r\n", -1)]
    [InlineData("70 unknown class\r\n", -1)]
    [InlineData("05 too low\r\n", -1)]
    [InlineData("ab text\r\n", -1)]
    [InlineData("200 text/gemini\r\n", -1)]
    [InlineData("HTTP/1.0 200 OK\r\n", -1)]
    public void Status_is_two_digits_then_space_or_crlf(string header, int expected) =>
        Assert.Equal(expected, GeminiClientWorker.ParseStatus(Encoding.ASCII.GetBytes(header)));
}
