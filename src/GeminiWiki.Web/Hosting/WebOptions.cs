using System.Net;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Web.Hosting;

/// <summary>The "Web" section of gemini.json: the HTTPS front door beside the Gemini listener.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    public bool Enabled { get; set; } = true;

    /// <summary>The HTTPS port; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 8443;

    /// <summary>Addresses to listen on; empty means every address, IPv6 and IPv4.</summary>
    public List<string> ListenAddresses { get; set; } = [];

    /// <summary>A PEM certificate for browsers (one a CA issued); unset: the Gemini certificate.</summary>
    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    /// <summary>The largest request body (an edit form), in bytes; unset: room for a page of Wiki:MaxPageBytes, form-encoded.</summary>
    public long? MaxRequestBodyBytes { get; set; }

    public long EffectiveMaxRequestBodyBytes(int maxPageBytes) => MaxRequestBodyBytes ?? (maxPageBytes * 3L) + 16 * 1024;
}

/// <summary>Checks the "Web" section at start-up; a bad value stops the server with the key named.</summary>
public sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Web:Port {options.Port} must be between 0 and 65535.");
        }

        foreach (var address in options.ListenAddresses)
        {
            if (!IPAddress.TryParse(address, out _))
            {
                failures.Add($"Web:ListenAddresses '{address}' is not an IP address.");
            }
        }

        if ((options.CertificatePath is null) != (options.KeyPath is null))
        {
            failures.Add("Web:CertificatePath and Web:KeyPath go together: set both, or neither to use the Gemini certificate.");
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 100_000_000)
        {
            failures.Add($"Web:MaxRequestBodyBytes {options.MaxRequestBodyBytes} must be between 1024 and 100000000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
