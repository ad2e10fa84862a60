using Microsoft.Extensions.Configuration;

namespace GeminiWiki.Server.Hosting;

/// <summary>
/// Where the configuration comes from, found once from the command line: <c>--config FILE</c> (or
/// <c>-c</c>), which then must exist and whose folder is the content root; otherwise gemini.json
/// in the current folder, if there is one. The server and the admin command line both use this,
/// so they always agree on the data folder.
/// </summary>
public sealed record ConfigurationFile(string Path, string ContentRoot, bool IsExplicit)
{
    public const string DefaultName = "gemini.json";

    public static ConfigurationFile Find(string[] args)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] is "--config" or "-c")
            {
                var path = System.IO.Path.GetFullPath(args[i + 1]);
                return new ConfigurationFile(path, System.IO.Path.GetDirectoryName(path)!, IsExplicit: true);
            }
        }

        var root = Directory.GetCurrentDirectory();
        return new ConfigurationFile(System.IO.Path.Combine(root, DefaultName), root, IsExplicit: false);
    }

    /// <summary>The file, then environment variables, then the command line: each overrides the one before.</summary>
    public IConfigurationBuilder AddSources(IConfigurationBuilder builder, string[] args, bool reloadOnChange) => builder
        .AddJsonFile(Path, optional: !IsExplicit, reloadOnChange)
        .AddEnvironmentVariables()
        .AddCommandLine(args);
}
