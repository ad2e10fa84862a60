using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace GeminiWiki.Web.Hosting;

/// <summary>
/// TLS for browsers, with the Gemini side's rules for client certificates: asked for in every
/// handshake, any certificate accepted at this layer (self-signed, expired, unknown issuer) so the
/// wiki's gate decides, and chain building never downloads anything a hostile certificate names.
/// HTTP/2 is offered first, HTTP/1.1 as well.
/// </summary>
public static class WebTls
{
    public static SslServerAuthenticationOptions Create(X509Certificate2 certificate) => new()
    {
        ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
        ClientCertificateRequired = true,
        RemoteCertificateValidationCallback = static (_, _, _, _) => true,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        CertificateChainPolicy = new X509ChainPolicy
        {
            DisableCertificateDownloads = true,
            RevocationMode = X509RevocationMode.NoCheck,
            VerificationFlags = X509VerificationFlags.AllFlags,
        },
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        AllowRenegotiation = false,
        EncryptionPolicy = EncryptionPolicy.RequireEncryption,
    };
}
