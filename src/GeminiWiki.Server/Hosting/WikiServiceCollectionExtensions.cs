using GeminiWiki.Domain.Access;
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

public static class WikiServiceCollectionExtensions
{
    /// <summary>The folder under the content directory whose pages are imported on first start.</summary>
    public const string SeedFolder = "wiki";

    /// <summary>
    /// The wiki: options from the "Wiki" section, the page store (initialised at start-up, then the
    /// shipped pages imported when the wiki is empty) and the wiki's routes.
    /// </summary>
    public static IServiceCollection AddWikiPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WikiOptions>().Bind(configuration.GetSection(WikiOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WikiOptions>, WikiOptionsValidator>());

        services.TryAddSingleton(sp => new LitePageStore(
            sp.GetRequiredService<WikiDatabase>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RevisionDamage>()));
        services.TryAddSingleton<IPageStore>(sp => sp.GetRequiredService<LitePageStore>());
        services.TryAddSingleton<PageRenderCache>();

        // Order matters: the store creates its indexes and loads current pages before the seeder looks at it.
        services.AddSingleton<IStoreInitializer>(sp => sp.GetRequiredService<LitePageStore>());
        services.AddSingleton<IStoreInitializer>(sp => new PageSeeder(
            sp.GetRequiredService<IPageStore>(),
            Path.Combine(sp.GetRequiredService<ServerPaths>().ContentDirectory, SeedFolder),
            sp.GetRequiredService<ILogger<PageSeeder>>()));

        // The wiki's routes are mapped per space, the default space's at the root.
        services.AddWikiSpaces(configuration);
        return services;
    }
}

/// <summary>Checks the "Wiki" section at start-up; a bad value stops the server with the key named.</summary>
public sealed class WikiOptionsValidator : IValidateOptions<WikiOptions>
{
    public ValidateOptionsResult Validate(string? name, WikiOptions options)
    {
        var failures = new List<string>();
        if (!PageName.TryParse(options.MainPage, options.MaxNameLength, out _, out var problem))
        {
            failures.Add($"Wiki:MainPage '{options.MainPage}' is not a page name: {problem}.");
        }

        if (options.MaxPageBytes is < 1 or > 10_000_000)
        {
            failures.Add($"Wiki:MaxPageBytes {options.MaxPageBytes} must be between 1 and 10000000.");
        }

        if (options.MaxNameLength is < 1 or > 500)
        {
            failures.Add($"Wiki:MaxNameLength {options.MaxNameLength} must be between 1 and 500.");
        }

        if (options.ChangesPageSize is < 1 or > 1000)
        {
            failures.Add($"Wiki:ChangesPageSize {options.ChangesPageSize} must be between 1 and 1000.");
        }

        if (options.FeedEntries is < 1 or > 1000)
        {
            failures.Add($"Wiki:FeedEntries {options.FeedEntries} must be between 1 and 1000.");
        }

        if (options.IndexPageSize is < 1 or > 10_000)
        {
            failures.Add($"Wiki:IndexPageSize {options.IndexPageSize} must be between 1 and 10000.");
        }

        if (options.SearchResultLimit is < 1 or > 10_000)
        {
            failures.Add($"Wiki:SearchResultLimit {options.SearchResultLimit} must be between 1 and 10000.");
        }

        if (string.IsNullOrWhiteSpace(options.Title))
        {
            failures.Add("Wiki:Title must not be empty.");
        }

        if (options.TitanToken is { } token && (token.Length == 0 || token.Any(c => char.IsControl(c) || c is ';' or ' ')))
        {
            failures.Add("Wiki:TitanToken must be non-empty and without spaces, ';' or control characters (or left out).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
