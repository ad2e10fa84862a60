using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Tls;

/// <summary>
/// The server's own certificate: a configured PEM pair used as given, or else the one generated in
/// the certificate folder on first start. An existing certificate is never regenerated or
/// overwritten, because clients pin it (TOFU).
/// </summary>
public sealed partial class ServerCertificateStore(
    IOptions<GeminiOptions> options,
    ServerPaths paths,
    TimeProvider time,
    ILogger<ServerCertificateStore> logger,
    IHostCertificateSources? hostSources = null)
{
    public const string CertificateFileName = "server.crt";
    public const string KeyFileName = "server.key";

    // Clients pin the certificate, so it must outlive the server; 100 years is what other capsules use.
    private static readonly TimeSpan Validity = TimeSpan.FromDays(365 * 100);

    public X509Certificate2 LoadOrCreate()
    {
        var settings = options.Value;
        X509Certificate2 certificate;
        if (settings.CertificatePath is not null && settings.KeyPath is not null)
        {
            certificate = LoadPem(Path.GetFullPath(settings.CertificatePath, paths.ContentRoot), Path.GetFullPath(settings.KeyPath, paths.ContentRoot));
        }
        else
        {
            certificate = LoadOrGenerate(settings.Hostname, Path.Combine(paths.CertificateDirectory, CertificateFileName), Path.Combine(paths.CertificateDirectory, KeyFileName));
        }

        var fingerprint = Fingerprint.Of(certificate).Hex;
        LogCertificate(logger, certificate.Subject, certificate.NotAfter.ToUniversalTime(), fingerprint);
        if (certificate.NotAfter.ToUniversalTime() < time.GetUtcNow().UtcDateTime)
        {
            LogExpired(logger, certificate.NotAfter.ToUniversalTime());
        }

        return certificate;
    }

    /// <summary>
    /// The certificates of the hosts that spaces answer at, by normalised host name: each a
    /// configured PEM pair, or one generated like the main one as "&lt;host&gt;.crt" and
    /// "&lt;host&gt;.key" in the certificate folder, never regenerated once it exists.
    /// </summary>
    public IReadOnlyDictionary<string, X509Certificate2> LoadOrCreateHostCertificates()
    {
        var certificates = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        foreach (var host in hostSources?.Hosts ?? [])
        {
            var certificate = host.CertificatePath is not null && host.KeyPath is not null
                ? LoadPem(Path.GetFullPath(host.CertificatePath, paths.ContentRoot), Path.GetFullPath(host.KeyPath, paths.ContentRoot))
                : LoadOrGenerate(host.Host, Path.Combine(paths.CertificateDirectory, host.Host + ".crt"), Path.Combine(paths.CertificateDirectory, host.Host + ".key"));
            LogHostCertificate(logger, host.Host, certificate.Subject, Fingerprint.Of(certificate).Hex);
            certificates[host.Host] = certificate;
        }

        return certificates;
    }

    private X509Certificate2 LoadOrGenerate(string hostname, string certPath, string keyPath)
    {
        if (!File.Exists(certPath) && !File.Exists(keyPath))
        {
            Generate(hostname, certPath, keyPath);
            LogGenerated(logger, certPath);
        }
        else if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            // Half a pair: regenerating would silently change the identity clients pinned.
            throw new StartupException($"Found only one of '{certPath}' and '{keyPath}'. Restore the missing file, or move both away to generate a new certificate.");
        }

        return LoadPem(certPath, keyPath);
    }

    /// <summary>Creates a self-signed ECDSA P-256 certificate for <paramref name="hostname"/> and writes it atomically as PEM.</summary>
    public void Generate(string hostname, string certPath, string keyPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(certPath)!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + EscapeDn(hostname)), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(hostname, out var address))
        {
            san.AddIpAddress(address);
        }
        else
        {
            san.AddDnsName(hostname);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));

        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity));

        // The key first, readable by the owner only; the certificate last, so a half-written pair is never found.
        WriteAtomically(keyPath, key.ExportPkcs8PrivateKeyPem(), ownerOnly: true);
        WriteAtomically(certPath, certificate.ExportCertificatePem(), ownerOnly: false);
    }

    internal static X509Certificate2 LoadPem(string certPath, string keyPath)
    {
        foreach (var file in new[] { certPath, keyPath })
        {
            if (!File.Exists(file))
            {
                throw new StartupException($"Certificate file '{file}' does not exist.");
            }
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            // A PEM-loaded key is ephemeral; TLS wants it in a form the platform can hold on to.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is CryptographicException or UnauthorizedAccessException or IOException or ArgumentException)
        {
            throw new StartupException($"Cannot load the server certificate '{certPath}' with key '{keyPath}': {ex.Message}", ex);
        }
    }

    private static void WriteAtomically(string path, string text, bool ownerOnly)
    {
        var temporary = path + ".tmp-" + Environment.ProcessId;
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, streamOptions))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            // Never overwrite: if another process won the race, its certificate stands.
            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string EscapeDn(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a new server certificate at {Path}; clients will pin it, keep it safe")]
    private static partial void LogGenerated(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server certificate {Subject}, valid until {NotAfter:yyyy-MM-dd}, SHA-256 fingerprint {Fingerprint}")]
    private static partial void LogCertificate(ILogger logger, string subject, DateTime notAfter, string fingerprint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate for host {Host}: {Subject}, SHA-256 fingerprint {Fingerprint}")]
    private static partial void LogHostCertificate(ILogger logger, string host, string subject, string fingerprint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server certificate expired on {NotAfter:yyyy-MM-dd}; clients may refuse it")]
    private static partial void LogExpired(ILogger logger, DateTime notAfter);
}
