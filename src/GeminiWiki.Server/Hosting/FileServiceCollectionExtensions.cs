using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Hosting;

public static class FileServiceCollectionExtensions
{
    /// <summary>Where archives are cached, under the data folder.</summary>
    public const string ArchiveFolder = "archive";

    /// <summary>
    /// Files and the archive as a feature of every space, the default one included: options
    /// (Wiki:FileTypes, Wiki:MaxFileBytes, Wiki:PublicArchive) and the factory that gives each space
    /// its own file store, file routes, /do/data and file changes. <see cref="IFileStore"/> is the
    /// default space's.
    /// </summary>
    public static IServiceCollection AddWikiFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WikiFileOptions>().Bind(configuration.GetSection(WikiFileOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WikiFileOptions>, FileOptionsValidator>());

        services.AddSingleton<ISpaceFeatureFactory>(sp => new WikiFilesFeatureFactory(
            sp.GetRequiredService<WikiDatabase>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RevisionDamage>(),
            sp.GetRequiredService<IOptions<WikiFileOptions>>().Value,
            sp.GetRequiredService<IOptions<GeminiOptions>>().Value.Language,
            Path.Combine(sp.GetRequiredService<ServerPaths>().DataDirectory, ArchiveFolder),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<IFileStore>(sp => FilesOf(sp.GetRequiredService<WikiSpaces>().Default).Store);
        return services;
    }

    /// <summary>A space's files.</summary>
    public static WikiFilesFeature FilesOf(WikiSpace space) => space.Features.OfType<WikiFilesFeature>().Single();
}

/// <summary>Checks the file settings at start-up; a bad value stops the server with the key named.</summary>
public sealed class FileOptionsValidator : IValidateOptions<WikiFileOptions>
{
    public ValidateOptionsResult Validate(string? name, WikiFileOptions options)
    {
        var failures = new List<string>();
        if (options.MaxFileBytes is < 1 or > WikiFileOptions.MaxFileBytesLimit)
        {
            failures.Add($"Wiki:MaxFileBytes {options.MaxFileBytes} must be between 1 and {WikiFileOptions.MaxFileBytesLimit}.");
        }

        foreach (var type in options.AllowedTypes.Where(t => !FileTypes.Checkable.Contains(t)))
        {
            failures.Add($"Wiki:FileTypes '{type}' is not a type whose content the server can check; use some of {string.Join(", ", FileTypes.Checkable)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
