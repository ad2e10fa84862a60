using System.Net;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Server.Connections;
using GeminiWiki.Server.Logging;
using GeminiWiki.Server.Tls;
using GeminiWiki.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Hosting;

public static class WebServiceCollectionExtensions
{
    /// <summary>
    /// The web front door (the "Web" section): Kestrel on the Gemini server's own dispatcher, gate,
    /// stores and access log. Registered after the Gemini listener so it starts after it.
    /// </summary>
    public static IServiceCollection AddWebFront(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<WebOptions>().Bind(configuration.GetSection(WebOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebOptions>, WebOptionsValidator>());
        services.TryAddSingleton<IWebAccessLog>(sp => new WebAccessLog(
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("GeminiWiki.Web.Access"),
            sp.GetRequiredService<IOptions<GeminiOptions>>().Value.MaskRemoteAddresses));
        services.TryAddSingleton(sp =>
        {
            var web = sp.GetRequiredService<IOptions<WebOptions>>().Value;
            var gemini = sp.GetRequiredService<IOptions<GeminiOptions>>().Value;
            var context = new WebFrontContext(
                sp.GetRequiredService<IGeminiHandler>(),
                sp.GetRequiredService<IAccessGate<Visitor>>(),
                sp.GetRequiredService<IPageStore>(),
                sp.GetRequiredService<PageRenderCache>(),
                sp.GetRequiredService<IOptions<WikiOptions>>().Value,
                gemini.Language,
                sp.GetRequiredService<ServerPaths>().DataDirectory,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IWebAccessLog>(),
                () => web.CertificatePath is { } certificate && web.KeyPath is { } key
                    ? ServerCertificateStore.LoadPem(Path.GetFullPath(certificate, contentRoot), Path.GetFullPath(key, contentRoot))
                    : sp.GetRequiredService<ServerCertificateStore>().LoadOrCreate(),
                async () =>
                {
                    var bound = await sp.GetRequiredService<GeminiListenerService>().BoundEndPoint.ConfigureAwait(false);
                    return new GeminiSide([.. gemini.ServedHostNames], gemini.EffectivePublicPort(bound.Port));
                });
            return new WebFrontService(web, context, sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddHostedService<WebFrontHost>();
        return services;
    }

    /// <summary>The web front's start-up failures become the host's: exit 1 with the setting named.</summary>
    private sealed class WebFrontHost(WebFrontService web) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await web.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (WebFrontStartupException ex)
            {
                throw new StartupException(ex.Message, ex);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => web.StopAsync(cancellationToken);
    }

    /// <summary>Web requests in the Gemini access line's format, with the same address masking.</summary>
    private sealed class WebAccessLog(ILogger logger, bool maskRemoteAddresses) : IWebAccessLog
    {
        public void Request(IPAddress? remote, string url, int status, string meta, long bytes, double durationMs, string certificate) =>
            AccessLog.Request(logger, AccessLog.FormatRemote(remote, maskRemoteAddresses), AccessLog.Escape(url), status, AccessLog.Escape(meta, 200), bytes, durationMs, certificate);
    }
}
