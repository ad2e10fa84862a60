using GeminiWiki.Domain.Files;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace GeminiWiki.Server.Tests.Wiki;

public sealed class FileOptionsValidatorTests
{
    [Fact]
    public void The_defaults_accept_the_six_checkable_types_up_to_1_MB_with_a_private_archive()
    {
        var options = new WikiFileOptions();

        Assert.True(new FileOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"], options.AllowedTypes);
        Assert.Equal(1_048_576, options.MaxFileBytes);
        Assert.False(options.PublicArchive);
    }

    [Fact]
    public void Configured_types_replace_the_defaults_rather_than_adding_to_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wiki:FileTypes:0"] = "Image/PNG",
            ["Wiki:MaxFileBytes"] = "2000",
            ["Wiki:PublicArchive"] = "true",
        }).Build();

        var options = configuration.GetSection(WikiFileOptions.Section).Get<WikiFileOptions>()!;

        Assert.Equal(["image/png"], options.AllowedTypes);
        Assert.Equal((2000, true), (options.MaxFileBytes, options.PublicArchive));
    }

    [Theory]
    [InlineData(0, "image/png", "Wiki:MaxFileBytes 0 must be between 1 and 16777216.")]
    [InlineData(16_777_217, "image/png", "Wiki:MaxFileBytes 16777217 must be between 1 and 16777216.")]
    [InlineData(1000, "text/html", "Wiki:FileTypes 'text/html' is not a type whose content the server can check; use some of image/png, image/jpeg, image/gif, image/webp, application/pdf, text/plain.")]
    public void A_bad_value_is_reported_with_its_key(int maxBytes, string type, string failure)
    {
        var result = new FileOptionsValidator().Validate(null, new WikiFileOptions { MaxFileBytes = maxBytes, FileTypes = [type] });

        Assert.Equal([failure], result.Failures!);
    }
}
