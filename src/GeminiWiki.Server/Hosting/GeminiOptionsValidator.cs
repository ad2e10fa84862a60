using System.Net;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Hosting;

/// <summary>Checks gemini.json at start-up; a bad value stops the server with the field named.</summary>
public sealed class GeminiOptionsValidator : IValidateOptions<GeminiOptions>
{
    public ValidateOptionsResult Validate(string? name, GeminiOptions options)
    {
        var failures = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        Check(Uri.CheckHostName(options.Hostname) != UriHostNameType.Unknown, $"Gemini:Hostname '{options.Hostname}' is not a valid host name.");
        foreach (var alias in options.HostAliases)
        {
            Check(Uri.CheckHostName(alias) != UriHostNameType.Unknown, $"Gemini:HostAliases entry '{alias}' is not a valid host name.");
        }

        Check(options.Port is >= 0 and <= 65535, $"Gemini:Port {options.Port} must be between 0 and 65535.");
        Check(options.PublicPort is null or (>= 1 and <= 65535), $"Gemini:PublicPort {options.PublicPort} must be between 1 and 65535.");
        foreach (var address in options.ListenAddresses)
        {
            Check(IPAddress.TryParse(address, out _), $"Gemini:ListenAddresses entry '{address}' is not an IP address.");
        }

        Check(!string.IsNullOrWhiteSpace(options.Language) && options.Language.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ','),
            $"Gemini:Language '{options.Language}' must be a language tag such as 'en' or 'en-GB'.");
        Check(!string.IsNullOrWhiteSpace(options.ContentDirectory), "Gemini:ContentDirectory must not be empty.");
        Check(!string.IsNullOrWhiteSpace(options.DataDirectory), "Gemini:DataDirectory must not be empty.");
        Check(!string.IsNullOrWhiteSpace(options.CertificateDirectory), "Gemini:CertificateDirectory must not be empty.");
        Check((options.CertificatePath is null) == (options.KeyPath is null), "Gemini:CertificatePath and Gemini:KeyPath must be set together.");
        Check(options.HandshakeTimeoutSeconds is >= 1 and <= 300, $"Gemini:HandshakeTimeoutSeconds {options.HandshakeTimeoutSeconds} must be between 1 and 300.");
        Check(options.RequestTimeoutSeconds is > 5 and <= 300, $"Gemini:RequestTimeoutSeconds {options.RequestTimeoutSeconds} must be over 5 (the spec asks for more than 5 s) and at most 300.");
        Check(options.MaxConnections is >= 1 and <= 1_000_000, $"Gemini:MaxConnections {options.MaxConnections} must be between 1 and 1000000.");
        Check(options.MaxConnectionsPerIp >= 1 && options.MaxConnectionsPerIp <= options.MaxConnections,
            $"Gemini:MaxConnectionsPerIp {options.MaxConnectionsPerIp} must be between 1 and Gemini:MaxConnections.");
        Check(options.MaxConnectionsPerNetwork is null || (options.MaxConnectionsPerNetwork >= options.MaxConnectionsPerIp && options.MaxConnectionsPerNetwork <= options.MaxConnections),
            $"Gemini:MaxConnectionsPerNetwork {options.MaxConnectionsPerNetwork} must be between Gemini:MaxConnectionsPerIp and Gemini:MaxConnections.");
        Check(options.ShutdownTimeoutSeconds is >= 0 and <= 600, $"Gemini:ShutdownTimeoutSeconds {options.ShutdownTimeoutSeconds} must be between 0 and 600.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
