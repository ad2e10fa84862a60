using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Protocol.Identity;

namespace GeminiWiki.Domain.Identity;

/// <summary>What a person and an admin need to recognise a certificate, read once from the handshake.</summary>
public sealed record CertificateDetails(
    Fingerprint Fingerprint,
    string Subject,
    string CommonName,
    string Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    /// <summary>The details of a certificate read at the handshake, without hashing or parsing it again.</summary>
    public static CertificateDetails? From(ClientCertificate client)
    {
        if (client.Fields is not { } fields)
        {
            return null;
        }

        return new CertificateDetails(Fingerprint.Of(client), fields.Subject, fields.CommonName, fields.Issuer, fields.SerialNumber, fields.NotBefore, fields.NotAfter);
    }

    /// <summary>Reads a certificate (outside a connection: tools and tests); null when its fields cannot be read.</summary>
    public static CertificateDetails? TryRead(X509Certificate2 certificate) => From(ClientCertificate.From(certificate));
}
