using GeminiWiki.LoadGen.Options;

namespace GeminiWiki.LoadGen.Tests;

public sealed class LoopbackTargetTests
{
    [Theory]
    [InlineData("gemini://127.0.0.1:1965/", "127.0.0.1", 1965)]
    [InlineData("gemini://127.1.2.3/page/x", "127.1.2.3", 1965)]
    [InlineData("gemini://[::1]:2000/", "::1", 2000)]
    [InlineData("titan://127.0.0.1:3000/raw/x", "127.0.0.1", 3000)]
    [InlineData("gemini://127.0.0.1:4000/raw/seed-{n}", "127.0.0.1", 4000)]
    public async Task Loopback_addresses_are_accepted(string url, string address, int port)
    {
        var target = await LoopbackTarget.ResolveAsync(url, CancellationToken.None);

        Assert.Equal(address, target.EndPoint.Address.ToString());
        Assert.Equal(port, target.EndPoint.Port);
    }

    [Fact]
    public async Task Localhost_resolves_to_loopback()
    {
        var target = await LoopbackTarget.ResolveAsync("gemini://localhost:1965/", CancellationToken.None);

        Assert.True(LoopbackTarget.IsLoopback(target.EndPoint.Address));
        Assert.Equal("localhost", target.Host);
    }

    [Theory]
    [InlineData("gemini://10.0.0.1/")]
    [InlineData("gemini://192.168.1.10:1965/")]
    [InlineData("gemini://172.16.0.1/")]
    [InlineData("gemini://8.8.8.8/")]
    [InlineData("gemini://0.0.0.0/")]
    [InlineData("gemini://[2001:db8::1]/")]
    [InlineData("gemini://[::ffff:10.0.0.1]/")]
    public async Task Anything_else_is_refused(string url) =>
        await Assert.ThrowsAsync<NotLoopbackException>(() => LoopbackTarget.ResolveAsync(url, CancellationToken.None));

    [Theory]
    [InlineData("https://127.0.0.1/")]
    [InlineData("/page/x")]
    public async Task Only_gemini_and_titan_urls(string url) =>
        await Assert.ThrowsAsync<UsageException>(() => LoopbackTarget.ResolveAsync(url, CancellationToken.None));
}
