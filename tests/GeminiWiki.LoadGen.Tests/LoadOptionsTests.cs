using GeminiWiki.LoadGen.Options;

namespace GeminiWiki.LoadGen.Tests;

public sealed class LoadOptionsTests
{
    private const string Url = "gemini://127.0.0.1:1965/";

    [Fact]
    public void Idle_crowd_flags_are_read()
    {
        var options = LoadOptions.Parse(["--url", Url, "--idle-tcp", "1024", "--idle-sources", "40", "--concurrency", "16"]);

        Assert.Equal(1024, options.IdleTcpConnections);
        Assert.Equal(40, options.IdleSources);
        Assert.Equal(16, options.Concurrency);
    }

    [Fact]
    public void Without_the_flags_there_is_no_crowd_and_one_source()
    {
        var options = LoadOptions.Parse(["--url", Url]);

        Assert.Equal(0, options.IdleTcpConnections);
        Assert.Equal(1, options.IdleSources);
    }

    [Fact]
    public void The_tls_idle_mode_stays_apart_from_the_crowd()
    {
        var options = LoadOptions.Parse(["--url", Url, "--idle", "100", "--idle-hold", "5", "--idle-tcp", "200"]);

        Assert.Equal(100, options.IdleConnections);
        Assert.Equal(5, options.IdleHoldSeconds);
        Assert.Equal(200, options.IdleTcpConnections);
        Assert.Equal(1, options.IdleSources);
    }

    [Theory]
    [InlineData("--idle-tcp", "-1")]
    [InlineData("--idle-tcp", "60001")]
    [InlineData("--idle-tcp", "many")]
    [InlineData("--idle-sources", "0")]
    [InlineData("--idle-sources", "254")]
    [InlineData("--idle-sources", "4.5")]
    public void Out_of_range_values_are_refused(string flag, string value) =>
        Assert.Throws<UsageException>(() => LoadOptions.Parse(["--url", Url, "--idle-tcp", "10", flag, value]));

    [Fact]
    public void A_flag_without_its_value_is_refused() =>
        Assert.Throws<UsageException>(() => LoadOptions.Parse(["--url", Url, "--idle-tcp"]));

    [Fact]
    public void Sources_without_a_crowd_are_refused() =>
        Assert.Throws<UsageException>(() => LoadOptions.Parse(["--url", Url, "--idle-sources", "40"]));

    [Fact]
    public void The_usage_names_the_new_flags()
    {
        Assert.Contains("--idle-tcp N", LoadOptions.Usage, StringComparison.Ordinal);
        Assert.Contains("--idle-sources K", LoadOptions.Usage, StringComparison.Ordinal);
    }
}
