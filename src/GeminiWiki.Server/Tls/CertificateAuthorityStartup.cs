using GeminiWiki.Domain.Identity.Authority;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeminiWiki.Server.Tls;

/// <summary>Loads the wiki's CA (if one was created) before the first connection and logs its fingerprint, as for the server certificate.</summary>
internal sealed partial class CertificateAuthorityStartup(CertificateAuthorityFolder authority, ILogger<CertificateAuthorityStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (authority.Current is { } ca)
            {
                LogAuthority(logger, ca.Subject, ca.NotAfter.UtcDateTime, ca.Fingerprint.Hex);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new StartupException(ex.Message, ex);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Wiki CA {Subject}, valid until {NotAfter:yyyy-MM-dd}, SHA-256 fingerprint {Fingerprint}")]
    private static partial void LogAuthority(ILogger logger, string subject, DateTime notAfter, string fingerprint);
}
