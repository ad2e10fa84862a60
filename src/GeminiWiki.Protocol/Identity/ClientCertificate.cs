using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GeminiWiki.Protocol.Identity;

/// <summary>
/// The certificate a client presented in the TLS handshake, read once when the handshake ends:
/// its SHA-256 (the identity), the fields people need to recognise it and its key. Everything after the
/// handshake uses these values instead of hashing or parsing the certificate again.
/// </summary>
public sealed class ClientCertificate
{
    private ClientCertificate(X509Certificate2 certificate, string sha256)
    {
        Certificate = certificate;
        Sha256 = sha256;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The SHA-256 of the DER bytes as 64 lower-case hex digits.</summary>
    public string Sha256 { get; }

    /// <summary>The certificate's fields; null when they cannot be read (a malformed certificate).</summary>
    public CertificateFields? Fields { get; private init; }

    /// <summary>The certificate's public key; null when it cannot be read.</summary>
    public CertificateKey? Key { get; private init; }

    public static ClientCertificate From(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(certificate.RawDataMemory.Span, hash);
        return new ClientCertificate(certificate, Convert.ToHexStringLower(hash))
        {
            Fields = CertificateFields.TryRead(certificate),
            Key = CertificateKey.TryRead(certificate),
        };
    }
}

/// <summary>What a person and an admin need to recognise a certificate.</summary>
public sealed record CertificateFields(
    string Subject,
    string CommonName,
    string Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    public static CertificateFields? TryRead(X509Certificate2 certificate)
    {
        try
        {
            return new CertificateFields(
                certificate.Subject,
                certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
                certificate.Issuer,
                certificate.SerialNumber,
                new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
