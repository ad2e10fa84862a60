namespace GeminiWiki.Web.Tests.Browser;

/// <summary>
/// A test that drives Debian's Chromium. Where Chromium is missing it is skipped with the command
/// that installs it, except in CI (CI=true), where a missing browser must fail the run instead of
/// letting the browser tier pass silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"{Chromium} is missing: apt-get install chromium (in CI this test fails instead)";
        }
    }
}
