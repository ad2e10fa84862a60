using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Hosting;

/// <summary>The "Storage" section of gemini.json: scheduled backups of the database.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where scheduled backups go (relative to gemini.json's folder). Unset: no scheduled backups.</summary>
    public string? BackupDirectory { get; set; }

    public int BackupIntervalHours { get; set; } = 24;

    /// <summary>How many backups stay in <see cref="BackupDirectory"/>; older ones are deleted.</summary>
    public int BackupsKept { get; set; } = 7;

    /// <summary>
    /// Free space the data folder's disk keeps: below it, saves are refused with a 40 saying the
    /// server is out of disk space (reads go on), and they work again as soon as space is free.
    /// </summary>
    public int MinimumFreeMegabytes { get; set; } = 64;
}

/// <summary>Checks the "Storage" section at start-up; a bad value stops the server with the key named.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (options.BackupDirectory is { } directory && (string.IsNullOrWhiteSpace(directory) || directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            failures.Add($"Storage:BackupDirectory '{directory}' is not a folder name (leave it out to turn scheduled backups off).");
        }

        if (options.BackupIntervalHours is < 1 or > 8760)
        {
            failures.Add($"Storage:BackupIntervalHours {options.BackupIntervalHours} must be between 1 and 8760 (a year).");
        }

        if (options.BackupsKept is < 1 or > 1000)
        {
            failures.Add($"Storage:BackupsKept {options.BackupsKept} must be between 1 and 1000.");
        }

        if (options.MinimumFreeMegabytes is < 0 or > 1_000_000)
        {
            failures.Add($"Storage:MinimumFreeMegabytes {options.MinimumFreeMegabytes} must be between 0 and 1000000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
