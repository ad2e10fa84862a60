using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GeminiWiki.Protocol.Identity;

/// <summary>The kinds of public key a client certificate can carry, as far as identity cares.</summary>
public enum KeyAlgorithm
{
    Other,
    Rsa,
    EllipticCurve,
    Dsa,
    EdDsa,
}

/// <summary>
/// A certificate's public key: its algorithm and size in bits, and whether it is too weak to stand
/// for a person. Anyone who can factor or solve the key can present the same certificate, so a
/// weak key is no identity at all, however old the certificate.
/// </summary>
public sealed record CertificateKey(KeyAlgorithm Algorithm, int Bits)
{
    public const int MinimumRsaBits = 2048;
    public const int MinimumEllipticCurveBits = 256;

    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EllipticCurveOid = "1.2.840.10045.2.1";
    private const string DsaOid = "1.2.840.10040.4.1";
    private const string Ed25519Oid = "1.3.101.112";
    private const string Ed448Oid = "1.3.101.113";

    /// <summary>RSA below 2048 bits, elliptic curves below 256 bits (P-256), and DSA of any size.</summary>
    public bool IsTooWeak => Algorithm switch
    {
        KeyAlgorithm.Rsa => Bits < MinimumRsaBits,
        KeyAlgorithm.EllipticCurve => Bits < MinimumEllipticCurveBits,
        KeyAlgorithm.Dsa => true,
        _ => false,
    };

    /// <summary>For people: "RSA 1024 bits", "EC 224 bits".</summary>
    public string Description => Algorithm switch
    {
        KeyAlgorithm.Rsa => $"RSA {Bits} bits",
        KeyAlgorithm.EllipticCurve => $"EC {Bits} bits",
        KeyAlgorithm.Dsa => $"DSA {Bits} bits",
        KeyAlgorithm.EdDsa => "EdDSA",
        _ => "unknown",
    };

    /// <summary>The certificate's key; null when it cannot be read (the certificate is then judged by its other fields).</summary>
    public static CertificateKey? TryRead(X509Certificate2 certificate)
    {
        try
        {
            return certificate.PublicKey.Oid.Value switch
            {
                RsaOid => new CertificateKey(KeyAlgorithm.Rsa, SizeOf(certificate.GetRSAPublicKey())),
                EllipticCurveOid => new CertificateKey(KeyAlgorithm.EllipticCurve, SizeOf(certificate.GetECDsaPublicKey())),
                DsaOid => new CertificateKey(KeyAlgorithm.Dsa, DsaSizeOf(certificate)),
                Ed25519Oid => new CertificateKey(KeyAlgorithm.EdDsa, 256),
                Ed448Oid => new CertificateKey(KeyAlgorithm.EdDsa, 448),
                _ => new CertificateKey(KeyAlgorithm.Other, 0),
            };
        }
        catch (Exception ex) when (ex is CryptographicException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    // DSA is refused whatever its size, so a platform that cannot load DSA keys still refuses it.
    private static int DsaSizeOf(X509Certificate2 certificate)
    {
        try
        {
            return SizeOf(certificate.GetDSAPublicKey());
        }
        catch (Exception ex) when (ex is CryptographicException or PlatformNotSupportedException)
        {
            return 0;
        }
    }

    private static int SizeOf(AsymmetricAlgorithm? key)
    {
        using (key)
        {
            return key?.KeySize ?? 0;
        }
    }
}
