using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GeminiWiki.Server.Tests.Support;

/// <summary>Client identities made the way people make them: self-signed ECDSA P-256.</summary>
public static class TestCertificates
{
    public static X509Certificate2 Create(string commonName = "alice", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(30));
        // An ephemeral key cannot be used for TLS client authentication on Linux; a PKCS#12 round trip keeps it.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
