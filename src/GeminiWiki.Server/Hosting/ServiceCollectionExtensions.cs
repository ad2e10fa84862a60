using GeminiWiki.Domain.Capsule;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Domain.Access;
using GeminiWiki.Server.Connections;
using GeminiWiki.Server.Control;
using GeminiWiki.Server.Tls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>All of the server's wiring. Tests replace single services with their own before calling this (TryAdd).</summary>
    public static IServiceCollection AddGeminiWiki(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<GeminiOptions>().Bind(configuration.GetSection(GeminiOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GeminiOptions>, GeminiOptionsValidator>());
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => ServerPaths.Resolve(contentRoot, sp.GetRequiredService<IOptions<GeminiOptions>>().Value));
        services.TryAddSingleton<ServerCertificateStore>();
        services.TryAddSingleton(sp =>
        {
            var directory = sp.GetRequiredService<ServerPaths>().DataDirectory;
            var reserve = sp.GetRequiredService<IOptions<StorageOptions>>().Value.MinimumFreeMegabytes * 1024L * 1024;
            return WikiDatabase.Open(directory, sp.GetService<DiskSpace>() ?? DiskSpace.For(directory, reserve));
        });
        services.TryAddSingleton(sp => new RevisionDamage(sp.GetRequiredService<ILogger<RevisionDamage>>(), sp.GetRequiredService<TimeProvider>()));

        // Feature modules: each adds its stores (IStoreInitializer), route modules (IRouteModule) and options.
        // Identity first: its routes (/register, /account, /admin) and its access gate, which the wiki uses.
        services.AddGeminiIdentity(configuration);
        // Files: a feature of every space (its factory), mapped before the pages of each space.
        services.AddWikiFiles(configuration);
        services.AddWikiPages(configuration);

        services.TryAddSingleton<ConnectionLimiter>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GeminiOptions>>().Value;
            return new ConnectionLimiter(options.MaxConnections, options.EffectiveMaxConnectionsPerNetwork, options.MaxConnectionsPerIp);
        });

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GeminiOptions>>().Value;
            var paths = sp.GetRequiredService<ServerPaths>();
            return new StaticCapsule(paths.ContentDirectory, options.Language);
        });
        // The static files answer whatever no feature route takes, so they are mapped last.
        services.AddSingleton<IRouteModule<Visitor>>(sp => new CapsuleRoutes(sp.GetRequiredService<StaticCapsule>()));
        services.TryAddSingleton<IActionConfirmation<Visitor>>(sp => new ActionTokens(
            ServerSecret.LoadOrCreate(Path.Combine(sp.GetRequiredService<ServerPaths>().DataDirectory, ServerSecret.FileName)),
            sp.GetRequiredService<TimeProvider>()));
        // Spaces with a host of their own get a dispatcher each (see SpaceHostRouting).
        services.TryAddSingleton<IGeminiHandler>(sp => SpaceHostRouting.Build(
            sp.GetServices<IRouteModule<Visitor>>().ToList(), sp.GetRequiredService<WikiSpaces>(),
            sp.GetRequiredService<IAccessGate<Visitor>>(), sp.GetRequiredService<IActionConfirmation<Visitor>>()));

        services.TryAddSingleton<ConnectionEvents>();
        services.TryAddSingleton<ConnectionServices>();

        // Hosted services start in this order: storage is ready before the first connection.
        services.TryAddSingleton<StorageStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageStartup>());
        services.TryAddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new ScheduledBackupService(sp.GetRequiredService<WikiDatabase>(), storage,
                storage.BackupDirectory is null ? null : Path.GetFullPath(storage.BackupDirectory, contentRoot),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ScheduledBackupService>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledBackupService>());
        services.AddSingleton<GeminiListenerService>();
        services.AddHostedService(sp => sp.GetRequiredService<GeminiListenerService>());
        services.TryAddSingleton<ControlSocketService>();
        services.AddHostedService(sp => sp.GetRequiredService<ControlSocketService>());
        // After the listener: the web front shows each page's gemini:// address, port included.
        services.AddWebFront(configuration, contentRoot);
        return services;
    }
}
