using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Admin;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Authority;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Server.Tls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Hosting;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>Certificate identity: the "Identity" options, the identity stores, the access gate and the account and admin pages.</summary>
    public static IServiceCollection AddGeminiIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection(IdentityOptions.Section));
        services.TryAddSingleton<IAccessPolicySource, OptionsAccessPolicySource>();
        services.AddHostedService<AccessPolicyStartupCheck>();

        services.TryAddSingleton<IdentityDatabase>();
        services.AddSingleton<IStoreInitializer>(sp => sp.GetRequiredService<IdentityDatabase>());
        services.TryAddSingleton<IAccountStore, LiteAccountStore>();
        services.TryAddSingleton<IAllowList, LiteAllowList>();
        services.TryAddSingleton<ILinkCodes, LiteLinkCodes>();
        services.TryAddSingleton<IAuditLog, LiteAuditLog>();
        services.TryAddSingleton<IRefusalLog, LiteRefusalLog>();
        services.TryAddSingleton<RegistrationLimiter>();
        services.TryAddSingleton<LinkCodeGuesses>();
        services.TryAddSingleton<IIssuedCertificates, LiteIssuedCertificates>();
        services.TryAddSingleton(sp => new CertificateAuthorityFolder(
            sp.GetRequiredService<ServerPaths>().CertificateDirectory, sp.GetRequiredService<IOptions<GeminiOptions>>().Value.Hostname));
        services.TryAddSingleton<IAccessGate<Visitor>, IdentityAccessGate>();
        services.AddHostedService<CertificateAuthorityStartup>();
        services.AddSingleton<IRouteModule<Visitor>>(sp => new CertificateAuthorityRoutes(
            sp.GetRequiredService<CertificateAuthorityFolder>(), sp.GetRequiredService<IIssuedCertificates>(), sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton<IRouteModule<Visitor>>(sp => new IdentityRoutes(
            sp.GetRequiredService<IAccountStore>(),
            sp.GetRequiredService<ILinkCodes>(),
            sp.GetRequiredService<RegistrationLimiter>(),
            sp.GetRequiredService<LinkCodeGuesses>(),
            sp.GetRequiredService<IAccessPolicySource>(),
            sp.GetRequiredService<TimeProvider>(),
            Language(sp),
            sp.GetRequiredService<IIssuedCertificates>()));
        services.AddSingleton<IRouteModule<Visitor>>(sp => new AdminRoutes(
            sp.GetRequiredService<IAccountStore>(),
            sp.GetRequiredService<IAllowList>(),
            sp.GetRequiredService<IRefusalLog>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<IAccessPolicySource>(),
            sp.GetRequiredService<RevisionDamage>(),
            sp.GetRequiredService<TimeProvider>(),
            Language(sp),
            sp.GetRequiredService<IIssuedCertificates>()));
        return services;
    }

    private static string Language(IServiceProvider services) => services.GetRequiredService<IOptions<GeminiOptions>>().Value.Language;
}
