using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Archive;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Routing;
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
    /// Files and the archive of the default space: options (Wiki:FileTypes, Wiki:MaxFileBytes,
    /// Wiki:PublicArchive), the file store, its routes (also a source of recent changes) and
    /// /do/data. Call before <see cref="WikiServiceCollectionExtensions.AddWikiPages"/>: the wiki
    /// maps a Titan route for every other path, so /file/ must be mapped first.
    /// </summary>
    public static IServiceCollection AddWikiFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WikiFileOptions>().Bind(configuration.GetSection(WikiFileOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WikiFileOptions>, FileOptionsValidator>());

        services.TryAddSingleton(sp => new LiteFileStore(
            sp.GetRequiredService<WikiDatabase>(), sp.GetRequiredService<TimeProvider>(), LiteFileStore.DefaultPrefix, sp.GetRequiredService<RevisionDamage>()));
        services.TryAddSingleton<IFileStore>(sp => sp.GetRequiredService<LiteFileStore>());
        services.AddSingleton<IStoreInitializer>(sp => sp.GetRequiredService<LiteFileStore>());

        services.TryAddSingleton(sp =>
        {
            var wiki = sp.GetRequiredService<IOptions<WikiOptions>>().Value;
            return new FileRoutes(string.Empty, sp.GetRequiredService<IFileStore>(), sp.GetRequiredService<IOptions<WikiFileOptions>>().Value,
                wiki.TitanToken, wiki.MaxNameLength, sp.GetRequiredService<IOptions<GeminiOptions>>().Value.Language);
        });
        services.AddSingleton<IRouteModule<Visitor>>(sp => sp.GetRequiredService<FileRoutes>());
        services.AddSingleton<IChangeSource>(sp => sp.GetRequiredService<FileRoutes>());

        services.TryAddSingleton(sp =>
        {
            var database = sp.GetRequiredService<WikiDatabase>();
            return new ArchiveCache(sp.GetRequiredService<IPageStore>(), sp.GetRequiredService<IFileStore>(),
                Path.Combine(sp.GetRequiredService<ServerPaths>().DataDirectory, ArchiveFolder), "wiki", database.Space,
                sp.GetRequiredService<ILogger<ArchiveCache>>());
        });
        services.AddSingleton<IRouteModule<Visitor>>(sp => new ArchiveRoutes(string.Empty, sp.GetRequiredService<ArchiveCache>(),
            sp.GetRequiredService<IOptions<WikiFileOptions>>().Value.PublicArchive, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
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
