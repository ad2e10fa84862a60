using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using GeminiWiki.Server.Logging;
using Serilog;

namespace GeminiWiki.Server.Hosting;

/// <summary>Builds and runs the host: gemini.json, then environment variables, then the command line.</summary>
public static class ServerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        IHost host;
        try
        {
            host = Build(args);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException)
        {
            await Console.Error.WriteLineAsync($"geminiwiki: cannot read the configuration: {ex.Message}");
            return 2;
        }

        try
        {
            await host.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("geminiwiki: invalid configuration:");
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync("  " + failure);
            }

            return 2;
        }
        catch (StartupException ex)
        {
            Log.Logger.Fatal("{Message}", ex.Message);
            await Console.Error.WriteLineAsync("geminiwiki: " + ex.Message);
            return 1;
        }
        finally
        {
            host.Dispose();
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>Builds the host without running it (tests start it themselves).</summary>
    public static IHost Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var configurationFile = ConfigurationFile.Find(args);
        var contentRoot = configurationFile.ContentRoot;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            DisableDefaults = true,
            ContentRootPath = contentRoot,
        });

        configurationFile.AddSources(builder.Configuration, args, reloadOnChange: true);

        builder.Services.AddSerilog((services, logger) => ServerLogging.Configure(logger, builder.Configuration), preserveStaticLogger: false);
        builder.Services.Configure<HostOptions>(o =>
        {
            var seconds = builder.Configuration.GetValue<int?>($"{GeminiOptions.Section}:{nameof(GeminiOptions.ShutdownTimeoutSeconds)}") ?? 10;
            o.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(0, seconds) + 5);
        });

        configureServices?.Invoke(builder.Services);
        builder.Services.AddGeminiWiki(builder.Configuration, contentRoot);
        return builder.Build();
    }
}

/// <summary>A configured resource (port, certificate) is unusable; the message names it.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
