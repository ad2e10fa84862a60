using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace GeminiWiki.Server.Logging;

/// <summary>Serilog from the "Serilog" section of gemini.json; the console at Information when there is none.</summary>
public static class ServerLogging
{
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static void Configure(LoggerConfiguration logger, IConfiguration configuration)
    {
        var section = configuration.GetSection("Serilog");
        if (section.Exists())
        {
            logger.ReadFrom.Configuration(configuration);
            return;
        }

        logger.MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: ConsoleTemplate);
    }
}
