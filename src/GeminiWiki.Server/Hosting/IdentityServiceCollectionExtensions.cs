using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Admin;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Protocol.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Hosting;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>Certificate identity: the "Identity" options, the identity store, the access gate and the account and admin pages.</summary>
    public static IServiceCollection AddGeminiIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection(IdentityOptions.Section));
        services.TryAddSingleton<IAccessPolicySource, OptionsAccessPolicySource>();
        services.AddHostedService<AccessPolicyStartupCheck>();

        services.TryAddSingleton<IdentityStore>();
        services.AddSingleton<IStoreInitializer>(sp => sp.GetRequiredService<IdentityStore>());
        services.TryAddSingleton<RegistrationLimiter>();
        services.TryAddSingleton<IdentityAccessGate>();
        services.TryAddSingleton<IAccessGate>(sp => sp.GetRequiredService<IdentityAccessGate>());

        services.AddSingleton<IRouteModule>(sp => new IdentityRoutes(
            sp.GetRequiredService<IdentityAccessGate>(),
            sp.GetRequiredService<IdentityStore>(),
            sp.GetRequiredService<RegistrationLimiter>(),
            sp.GetRequiredService<IAccessPolicySource>(),
            sp.GetRequiredService<TimeProvider>(),
            Language(sp)));
        services.AddSingleton<IRouteModule>(sp => new AdminRoutes(
            sp.GetRequiredService<IdentityAccessGate>(),
            sp.GetRequiredService<IdentityStore>(),
            sp.GetRequiredService<IAccessPolicySource>(),
            sp.GetRequiredService<TimeProvider>(),
            Language(sp)));
        return services;
    }

    private static string Language(IServiceProvider services) => services.GetRequiredService<IOptions<GeminiOptions>>().Value.Language;
}
