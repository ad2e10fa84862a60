using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Protocol.Requests;

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

    /// <summary>
    /// For hosts with certificates of their own (spaces with a Host): TLS settings per host, each
    /// with its certificate context built once, chosen by the SNI name of the ClientHello. A client
    /// that names no host, or another one, gets <paramref name="main"/>. Null when there are none.
    /// </summary>
    public static ServerOptionsSelectionCallback? ByServerName(SslServerAuthenticationOptions main, IReadOnlyDictionary<string, X509Certificate2> hostCertificates, bool requireTls13)
    {
        if (hostCertificates.Count == 0)
        {
            return null;
        }

        var byHost = hostCertificates.ToDictionary(pair => pair.Key, pair => Create(pair.Value, requireTls13), StringComparer.Ordinal);
        return (_, hello, _, _) => ValueTask.FromResult(
            !string.IsNullOrEmpty(hello.ServerName) && byHost.TryGetValue(ServedAuthority.NormalizeHost(hello.ServerName), out var options) ? options : main);
    }

    private static bool AcceptAnyClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;
}
