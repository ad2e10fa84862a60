using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GeminiWiki.Testing;

/// <summary>
/// Real certificates made the way Gemini clients make them (self-signed ECDSA P-256), and a small
/// CA for the trusted-issuer tests. Every certificate carries its private key in a form a TLS
/// client can present.
/// </summary>
public static class TestCertificates
{
    public static X509Certificate2 SelfSigned(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(notBefore, notAfter);
        return Presentable(certificate);
    }

    /// <summary>Valid from yesterday for a year.</summary>
    public static X509Certificate2 Valid(string commonName = "alice") =>
        SelfSigned($"CN={commonName}", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

    public static X509Certificate2 Create(string commonName = "alice", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var now = DateTimeOffset.UtcNow;
        return SelfSigned($"CN={commonName}", notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(30));
    }

    /// <summary>A self-signed RSA certificate of <paramref name="bits"/>, valid from yesterday for a year; small sizes for the weak-key tests.</summary>
    public static X509Certificate2 Rsa(int bits, string commonName = "alice")
    {
        using var key = RSA.Create(bits);
        using var certificate = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Presentable(certificate);
    }

    public static X509Certificate2 Authority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return Presentable(certificate);
    }

    public static X509Certificate2 IssuedBy(X509Certificate2 authority, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Presentable(withKey);
    }

    // An ephemeral key cannot be used for TLS client authentication on Linux; a PKCS#12 round trip keeps it.
    private static X509Certificate2 Presentable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
