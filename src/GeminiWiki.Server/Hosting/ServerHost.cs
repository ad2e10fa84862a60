using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Server.Logging;
using Serilog;

namespace GeminiWiki.Server.Hosting;

/// <summary>Builds and runs the host: gemini.json, then environment variables, then the command line.</summary>
public static class ServerHost
{
    /// <summary>Exit codes of the server (the admin command line documents its own).</summary>
    public const int ExitOk = 0;
    public const int ExitStartupFailed = 1;
    public const int ExitBadConfiguration = 2;
    public const int ExitDatabaseDamaged = 74;
    public const int ExitDatabaseInUse = 75;

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
            return ExitBadConfiguration;
        }

        try
        {
            // Storage first, outside the host: its faults are the operator's to fix, not stack traces.
            host.Services.GetRequiredService<StorageStartup>().Run();
            await host.RunAsync();
            return ExitOk;
        }
        catch (DatabaseLockedException ex)
        {
            return await FailAsync(ex.Message + " Stop the other server first, or give this one its own Gemini:DataDirectory.", ExitDatabaseInUse);
        }
        catch (DatabaseDamagedException ex)
        {
            return await FailAsync(ex.Message, ExitDatabaseDamaged);
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("geminiwiki: invalid configuration:");
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync("  " + failure);
            }

            return ExitBadConfiguration;
        }
        catch (StartupException ex)
        {
            return await FailAsync(ex.Message, ExitStartupFailed);
        }
        finally
        {
            host.Dispose();
            await Log.CloseAndFlushAsync();
        }
    }

    private static async Task<int> FailAsync(string message, int exitCode)
    {
        Log.Logger.Fatal("{Message}", message);
        await Console.Error.WriteLineAsync("geminiwiki: " + message);
        return exitCode;
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
