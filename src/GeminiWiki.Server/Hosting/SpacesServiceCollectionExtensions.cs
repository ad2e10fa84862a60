using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Server.Tls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Hosting;

public static class SpacesServiceCollectionExtensions
{
    /// <summary>
    /// The spaces of Wiki:Spaces beside the default one: each with its own page store (and every
    /// other <see cref="ISpaceFeatureFactory"/>'s feature), mounted under its name and on its host,
    /// its own policy for the gate, its host's certificate, and /do/spaces and /do/all/changes.
    /// </summary>
    public static IServiceCollection AddWikiSpaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SpacesOptions>().Bind(configuration.GetSection(WikiOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpacesOptions>, SpacesOptionsValidator>());
        services.TryAddSingleton(sp => ConfiguredSpaces.Read(
            sp.GetRequiredService<IOptions<SpacesOptions>>().Value, sp.GetRequiredService<IOptions<GeminiOptions>>().Value, sp.GetRequiredService<IOptions<WikiOptions>>().Value));
        services.TryAddSingleton<IHostCertificateSources>(sp => sp.GetRequiredService<ConfiguredSpaces>());
        services.TryAddSingleton(sp => new SpacePolicies(sp.GetRequiredService<ConfiguredSpaces>().All));
        services.TryAddSingleton<IAccessCheck>(sp =>
        {
            var gate = sp.GetRequiredService<IAccessGate<Visitor>>();
            return gate as IAccessCheck ?? new GateAccessCheck(gate);
        });

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WikiOptions>>().Value;
            var language = sp.GetRequiredService<IOptions<GeminiOptions>>().Value.Language;
            var time = sp.GetRequiredService<TimeProvider>();
            var database = sp.GetRequiredService<WikiDatabase>();
            var damage = sp.GetRequiredService<RevisionDamage>();
            // The default space's store is the one the rest of the server knows, initialised and seeded on its own.
            var defaultPages = new WikiPagesFeature(sp.GetRequiredService<IPageStore>(), options, language, time, sp.GetRequiredService<PageRenderCache>(), ownsStore: false);
            return WikiSpaces.Build(
                options,
                sp.GetRequiredService<ConfiguredSpaces>().All,
                defaultPages,
                (space, spaceOptions) => new WikiPagesFeature(new LitePageStore(database, time, damage, space.CollectionPrefix), spaceOptions, language, time),
                sp.GetServices<ISpaceFeatureFactory>());
        });
        services.AddSingleton<IStoreInitializer>(sp => sp.GetRequiredService<WikiSpaces>());

        services.AddSingleton<IRouteModule<Visitor>>(sp => new SpaceListRoutes(
            sp.GetRequiredService<WikiSpaces>(),
            sp.GetRequiredService<IAccessCheck>(),
            sp.GetRequiredService<IOptions<WikiOptions>>().Value.ChangesPageSize,
            sp.GetRequiredService<IOptions<GeminiOptions>>().Value.Language));
        services.AddSingleton<IRouteModule<Visitor>>(sp => sp.GetRequiredService<WikiSpaces>().RoutesAtPaths());
        return services;
    }
}

/// <summary>The spaces of Wiki:Spaces, read once; a bad entry stops start-up (exit 2) with its key named.</summary>
public sealed class ConfiguredSpaces(IReadOnlyList<SpaceDefinition> all) : IHostCertificateSources
{
    public IReadOnlyList<SpaceDefinition> All { get; } = all;

    public IReadOnlyList<HostCertificateSource> Hosts { get; } =
        all.Where(s => s.Host is not null).Select(s => new HostCertificateSource(s.Host!, s.CertificatePath, s.KeyPath)).ToList();

    public static ConfiguredSpaces Read(SpacesOptions spaces, GeminiOptions gemini, WikiOptions wiki)
    {
        var definitions = SpaceConfiguration.Read(spaces.Spaces, gemini.ServedHostNames, wiki.MaxNameLength, out var problems);
        if (problems.Count > 0)
        {
            // Storage start-up builds the spaces before the options are validated: fail the same way.
            throw new OptionsValidationException(WikiOptions.Section, typeof(SpacesOptions), problems);
        }

        return new ConfiguredSpaces(definitions);
    }
}

/// <summary>Checks Wiki:Spaces at start-up.</summary>
public sealed class SpacesOptionsValidator(IOptions<GeminiOptions> gemini, IOptions<WikiOptions> wiki) : IValidateOptions<SpacesOptions>
{
    public ValidateOptionsResult Validate(string? name, SpacesOptions options)
    {
        SpaceConfiguration.Read(options.Spaces, gemini.Value.ServedHostNames, wiki.Value.MaxNameLength, out var problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
