using System.Text;
using GeminiWiki.LoadGen.Options;
using GeminiWiki.LoadGen.Running;

namespace GeminiWiki.LoadGen.Tests;

public sealed class RequestTemplateTests
{
    [Fact]
    public async Task Number_placeholder_becomes_the_request_number()
    {
        var template = await CreateAsync(new LoadOptions { Url = "gemini://127.0.0.1/page/p-{n}?q" });
        var line = new byte[template.MaxLineLength];

        var length = template.Format(4242, line, null);

        Assert.Equal("gemini://127.0.0.1/page/p-4242?q\r\n", Encoding.UTF8.GetString(line, 0, length));
    }

    [Fact]
    public async Task Titan_line_carries_size_and_mime_and_each_body_is_stamped()
    {
        var template = await CreateAsync(new LoadOptions { Url = "titan://127.0.0.1/raw/page", TitanBody = "10k" });
        var line = new byte[template.MaxLineLength];
        var body = template.NewBodyBuffer()!;

        var length = template.Format(7, line, body);

        Assert.Equal("titan://127.0.0.1/raw/page;size=10240;mime=text/gemini\r\n", Encoding.UTF8.GetString(line, 0, length));
        Assert.Equal(10240, body.Length);
        Assert.StartsWith("# bench save 000000000007\n", Encoding.ASCII.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Titan_needs_a_body_and_a_body_needs_titan()
    {
        await Assert.ThrowsAsync<UsageException>(() => CreateAsync(new LoadOptions { Url = "titan://127.0.0.1/raw/page" }));
        await Assert.ThrowsAsync<UsageException>(() => CreateAsync(new LoadOptions { Url = "gemini://127.0.0.1/", TitanBody = "1k" }));
    }

    [Theory]
    [InlineData("10240", 10240)]
    [InlineData("10k", 10240)]
    [InlineData("10KB", 10240)]
    [InlineData("1m", 1048576)]
    [InlineData("0", 0)]
    public void Sizes_parse(string text, int bytes)
    {
        Assert.True(LoadOptions.TryParseSize(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("-1")]
    [InlineData("999999m")]
    public void Bad_sizes_do_not_parse(string text) => Assert.False(LoadOptions.TryParseSize(text, out _));

    [Fact]
    public void Runs_are_bounded()
    {
        Assert.Throws<UsageException>(() => LoadOptions.Parse(["--url", "gemini://127.0.0.1/", "--duration", "100000"]));
        Assert.Throws<UsageException>(() => LoadOptions.Parse(["--url", "gemini://127.0.0.1/", "--requests", "0"]));
        Assert.Throws<UsageException>(() => LoadOptions.Parse(["--duration", "5"]));
    }

    private static async Task<RequestTemplate> CreateAsync(LoadOptions options) =>
        RequestTemplate.Create(options, await LoopbackTarget.ResolveAsync(options.Url, CancellationToken.None));
}
