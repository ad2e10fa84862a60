using System.Numerics;
using GeminiWiki.Domain.Access;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Identity.Authority;

/// <summary>
/// /ca.crt and /ca.crl: the wiki's CA certificate and its CRL, DER encoded and public, so that
/// anyone (a browser, another server) can check a certificate the wiki issued.
/// </summary>
public sealed class CertificateAuthorityRoutes(CertificateAuthorityFolder authority, IIssuedCertificates issued, TimeProvider time) : IRouteModule<Visitor>
{
    public const string CertificateMimeType = "application/x-x509-ca-cert";
    public const string CrlMimeType = "application/pkix-crl";

    internal static readonly RouteTemplate Certificate = RouteTemplate.Parse("/ca.crt");
    internal static readonly RouteTemplate RevocationList = RouteTemplate.Parse("/ca.crl");

    private static readonly GeminiResponse NoAuthority = GeminiResponse.NotFound(
        "This wiki has no certificate authority yet: it is created when an admin issues the first certificate (geminiwiki issue <account>).");

    public void MapRoutes(RouteTable<Visitor> routes) => routes
        .Map(Certificate, RouteAccess.Public, _ => authority.Current is { } ca ? GeminiResponse.Success(CertificateMimeType, ca.CertificateDer) : NoAuthority)
        .Map(RevocationList, RouteAccess.Public, _ => authority.Current is { } ca ? GeminiResponse.Success(CrlMimeType, Crl(ca)) : NoAuthority);

    private byte[] Crl(WikiCertificateAuthority ca)
    {
        var revoked = issued.RevokedCertificates();
        // Revocations are never undone, so their count grows with every change, as a CRL number must.
        return ca.BuildCrl(revoked.Select(r => (r.Serial, r.Revoked!.Value)), new BigInteger(revoked.Count + 1), time.GetUtcNow());
    }
}
