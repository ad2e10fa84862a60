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
    public const string DefaultConfigFile = "gemini.json";

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
        var contentRoot = Directory.GetCurrentDirectory();
        var configFile = FindConfigFile(args) ?? Path.Combine(contentRoot, DefaultConfigFile);
        if (FindConfigFile(args) is { } explicitFile)
        {
            contentRoot = Path.GetDirectoryName(Path.GetFullPath(explicitFile))!;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            DisableDefaults = true,
            ContentRootPath = contentRoot,
        });

        builder.Configuration
            .AddJsonFile(Path.GetFullPath(configFile), optional: FindConfigFile(args) is null, reloadOnChange: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);

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

    private static string? FindConfigFile(string[] args)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] is "--config" or "-c")
            {
                return args[i + 1];
            }
        }

        return null;
    }
}

/// <summary>A configured resource (port, certificate) is unusable; the message names it.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
