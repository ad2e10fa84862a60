using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace GeminiWiki.Server.Tls;

/// <summary>
/// The TLS settings of every connection, built once at start-up. The server asks every client for a
/// certificate and accepts whatever arrives (none, self-signed, expired): the application decides
/// with 60/61/62. Chain building never downloads anything, so a hostile certificate cannot make the
/// server connect out.
/// </summary>
public static class ServerTlsOptions
{
    public static SslServerAuthenticationOptions Create(X509Certificate2 certificate, bool requireTls13)
    {
        var context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = context,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = AcceptAnyClientCertificate,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // SslStream builds a chain for every client certificate before it asks the callback.
            // Nothing here trusts that chain (the callback accepts all; a trusted CA is checked by
            // signature in the access gate), so it is built against an empty custom root store:
            // the system roots are never loaded or searched on the handshake path.
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                DisableCertificateDownloads = true,
                RevocationMode = X509RevocationMode.NoCheck,
                VerificationFlags = X509VerificationFlags.AllFlags,
            },
            EnabledSslProtocols = requireTls13 ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13,
            AllowRenegotiation = false,
            AllowTlsResume = true,
            EncryptionPolicy = EncryptionPolicy.RequireEncryption,
        };
    }

    private static bool AcceptAnyClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;
}
