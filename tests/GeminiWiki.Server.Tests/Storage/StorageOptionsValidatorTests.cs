using GeminiWiki.Server.Hosting;

namespace GeminiWiki.Server.Tests.Storage;

public sealed class StorageOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid_and_leave_backups_off() =>
        Assert.True(new StorageOptionsValidator().Validate(null, new StorageOptions()).Succeeded);

    [Theory]
    [InlineData(" ", 24, 7, "Storage:BackupDirectory")]
    [InlineData("backups", 0, 7, "Storage:BackupIntervalHours 0")]
    [InlineData("backups", 8761, 7, "Storage:BackupIntervalHours 8761")]
    [InlineData("backups", 24, 0, "Storage:BackupsKept 0")]
    public void A_bad_value_is_refused_naming_its_key(string directory, int hours, int kept, string named)
    {
        var result = new StorageOptionsValidator().Validate(null,
            new StorageOptions { BackupDirectory = directory, BackupIntervalHours = hours, BackupsKept = kept });

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }
}
