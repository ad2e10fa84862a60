using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Web.Forms;
using GeminiWiki.Web.Gateway;
using GeminiWiki.Web.Html;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeminiWiki.Web.Hosting;

/// <summary>
/// Runs Kestrel beside the Gemini listener, in the same process and on the same services. Started
/// after the Gemini listener (its port is part of every page's gemini:// address); binds in
/// StartAsync, so a taken port or an unreadable certificate stops start-up with the cause named.
/// </summary>
public sealed partial class WebFrontService(WebOptions options, WebFrontContext context, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<WebFrontService>();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;

    /// <summary>The first address Kestrel listens on (port 0 resolved), once started.</summary>
    public Task<Uri> Address => _address.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        var certificate = context.Certificate();
        var gemini = await context.Gemini().ConfigureAwait(false);
        _app = Build(certificate, gemini);
        try
        {
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new WebFrontStartupException($"Web:Port {options.Port} cannot be bound: {ex.Message}. Choose another Web:Port, or set Web:Enabled to false.", ex);
        }

        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address))
            // A wildcard address is shown with the Gemini host name, as the address people type.
            .Select(uri => new UriBuilder("https", uri.Host is "[::]" or "0.0.0.0" ? gemini.Host : uri.Host, uri.Port).Uri)
            .ToList();
        foreach (var address in addresses)
        {
            LogListening(_logger, address, gemini.BaseUrl + "/");
        }

        _address.TrySetResult(addresses[0]);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private WebApplication Build(X509Certificate2 certificate, GeminiSide gemini)
    {
        // An empty builder: no appsettings.json, environment variables or URLs of its own. Every
        // setting comes from gemini.json through WebOptions.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.EffectiveMaxRequestBodyBytes(context.Wiki.MaxPageBytes);
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            var tls = WebTls.Create(certificate);
            void Https(ListenOptions listen)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ => ValueTask.FromResult(tls),
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                });
            }

            if (options.ListenAddresses.Count == 0)
            {
                if (Socket.OSSupportsIPv6)
                {
                    kestrel.Listen(IPAddress.IPv6Any, options.Port, Https);
                }
                else
                {
                    kestrel.Listen(IPAddress.Any, options.Port, Https);
                }
            }
            else
            {
                foreach (var address in options.ListenAddresses.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    kestrel.Listen(IPAddress.Parse(address), options.Port, Https);
                }
            }
        });

        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "geminiwiki-form";
            antiforgery.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;
            antiforgery.FormFieldName = "form-token";
        });
        // Tokens only need to outlive a form on screen; keys kept in memory need no key files on disk
        // (a form opened before a restart is refused with a page that says to reload it).
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        // Its start-up service would load (and create) a key ring in the home folder that the
        // ephemeral provider never uses.
        foreach (var keyRingLoader in builder.Services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
        {
            builder.Services.Remove(keyRingLoader);
        }

        var links = new WebLinks(gemini);
        var page = new WebPage(context.Wiki.Title, context.Language);
        var web = new GeminiToWeb(page, new GemtextHtml(links), links, new MarkdownHtml(context.Pages, context.RenderCache, context.Wiki, links));
        var gateway = new GeminiGateway(context.Dispatcher, gemini);
        builder.Services.AddSingleton(context);
        builder.Services.AddSingleton(gateway);
        builder.Services.AddSingleton(web);
        builder.Services.AddSingleton(new PageEditForm(context.Pages, context.Wiki, page, web));
        builder.Services.AddSingleton(new RegisterForm(gateway, web, page));
        builder.Services.AddSingleton<WebFrontApplication>();

        var app = builder.Build();
        var front = app.Services.GetRequiredService<WebFrontApplication>();
        app.Run(front.HandleAsync);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Web front listening on {Address} (the same wiki as {GeminiUrl})")]
    private static partial void LogListening(ILogger logger, Uri address, string geminiUrl);
}

/// <summary>The web front cannot start (its port or certificate); the message names the setting.</summary>
public sealed class WebFrontStartupException(string message, Exception? inner = null) : Exception(message, inner);
