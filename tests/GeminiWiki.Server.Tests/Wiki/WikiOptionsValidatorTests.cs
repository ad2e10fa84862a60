using GeminiWiki.Domain.Wiki;
using GeminiWiki.Server.Hosting;

namespace GeminiWiki.Server.Tests.Wiki;

public sealed class WikiOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new WikiOptions();
        Assert.True(new WikiOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("Home", options.MainPage);
        Assert.Equal(100_000, options.MaxPageBytes);
        Assert.Null(options.TitanToken);
    }

    [Theory]
    [InlineData(nameof(WikiOptions.MainPage), "Wiki:MainPage")]
    [InlineData(nameof(WikiOptions.MaxPageBytes), "Wiki:MaxPageBytes")]
    [InlineData(nameof(WikiOptions.TitanToken), "Wiki:TitanToken")]
    [InlineData(nameof(WikiOptions.ChangesPageSize), "Wiki:ChangesPageSize")]
    public void A_bad_value_is_reported_with_its_key(string property, string key)
    {
        var options = new WikiOptions();
        switch (property)
        {
            case nameof(WikiOptions.MainPage): options.MainPage = "a/b"; break;
            case nameof(WikiOptions.MaxPageBytes): options.MaxPageBytes = 0; break;
            case nameof(WikiOptions.TitanToken): options.TitanToken = "has space"; break;
            case nameof(WikiOptions.ChangesPageSize): options.ChangesPageSize = 0; break;
        }

        var result = new WikiOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(key, StringComparison.Ordinal));
    }
}
