using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.LoadGen.Options;

namespace GeminiWiki.LoadGen.Running;

/// <summary>
/// The client side of TLS, built once per run and shared by every connection. On Linux, .NET keeps
/// client TLS sessions per SSL context (same target host and options) and resumes them on its own;
/// AllowTlsResume = false is the switch that turns that off for "--resume off".
/// </summary>
public static class ClientTls
{
    public static SslClientAuthenticationOptions Create(LoadOptions options, LoopbackTarget target, X509Certificate2? clientCertificate) => new()
    {
        TargetHost = target.Host,
        EnabledSslProtocols = options.Tls,
        AllowTlsResume = options.Resume,
        // Gemini servers are self-signed and pinned by clients (TOFU); a load generator trusts whatever it is pointed at.
        RemoteCertificateValidationCallback = static (_, _, _, _) => true,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, additionalCertificates: null, offline: true),
        EncryptionPolicy = EncryptionPolicy.RequireEncryption,
    };

    /// <summary>Loads a PEM client identity the way the server loads its own: PEM, then re-imported through PKCS#12.</summary>
    public static X509Certificate2? LoadClientCertificate(LoadOptions options)
    {
        if (options.CertificatePath is null || options.KeyPath is null)
        {
            return null;
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot load the client certificate '{options.CertificatePath}' with key '{options.KeyPath}': {ex.Message}");
        }
    }

    public static string Describe(SslProtocols protocols) => protocols switch
    {
        SslProtocols.None => "1.2+1.3",
        SslProtocols.Tls12 => "1.2",
        SslProtocols.Tls13 => "1.3",
        _ => protocols.ToString(),
    };
}
