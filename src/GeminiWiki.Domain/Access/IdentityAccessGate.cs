using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Identity.Authority;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Access;

/// <summary>
/// Identifies the visitor from the client certificate (read once at the handshake), the stored
/// accounts and the policy in gemini.json, and answers 60/61/62 for the access a route declares.
/// Identity is the certificate's SHA-256 fingerprint only: subject text (a CN that copies an
/// admin's) never grants anything. A route of a space (its realm) is read and edited under the
/// space's own policy where <paramref name="spaces"/> gives it one.
/// </summary>
public sealed class IdentityAccessGate(
    IAccountStore accounts,
    IAllowList allowList,
    IRefusalLog refusals,
    IAccessPolicySource policies,
    TimeProvider time,
    SpacePolicies? spaces = null,
    IIssuedCertificates? issued = null,
    CertificateAuthorityFolder? authority = null) : IAccessGate<Visitor>, IAccessCheck
{
    public Visitor Identify(GeminiRequest request)
    {
        if (request.Client is not { } client)
        {
            return Visitor.Anonymous;
        }

        if (CertificateDetails.From(client) is not { } details)
        {
            return Visitor.Anonymous with { Client = client, Standing = CertificateStanding.Invalid, Problem = RefusalMessages.Unreadable };
        }

        var fingerprint = details.Fingerprint;
        var now = time.GetUtcNow();
        if ((RefusalMessages.CheckKey(client.Key) ?? RefusalMessages.CheckValidity(details, now)) is { } invalid)
        {
            // A public page stays readable, but an invalid certificate (weak key, or outside its
            // validity period) identifies no one.
            return new Visitor(fingerprint, null, false) { Client = client, Certificate = details, Standing = CertificateStanding.Invalid, Problem = invalid };
        }

        var policy = policies.Current;
        var account = accounts.FindAccount(fingerprint);
        var standing = policy.DenyList.Contains(fingerprint) ? CertificateStanding.Denied
            : IsRevoked(policy, client.Certificate, fingerprint) ? CertificateStanding.Revoked
            : account?.Banned == true ? CertificateStanding.Banned
            : CertificateStanding.Valid;
        if (standing != CertificateStanding.Valid)
        {
            return new Visitor(fingerprint, null, false) { Client = client, Certificate = details, Account = account, Standing = standing };
        }

        if (account is not null)
        {
            accounts.Touch(fingerprint, now);
        }

        var isAdmin = policy.AdminFingerprints.Contains(fingerprint) || account?.Role == AccountRole.Admin;
        return new Visitor(fingerprint, account?.Name.Value, isAdmin) { Client = client, Certificate = details, Account = account, Standing = standing };
    }

    public GeminiResponse? Refuse(Visitor visitor, RouteAccess access) => Refuse(visitor, access, null);

    public GeminiResponse? Refuse(Visitor visitor, RouteAccess access, string? realm) => Decide(visitor, access, realm, recordRefusal: true);

    /// <summary>Whether the visitor may use a route of <paramref name="access"/> in <paramref name="realm"/>; asking records nothing (for listings).</summary>
    public bool Permits(Visitor visitor, RouteAccess access, string? realm) => Decide(visitor, access, realm, recordRefusal: false) is null;

    private GeminiResponse? Decide(Visitor visitor, RouteAccess access, string? realm, bool recordRefusal)
    {
        var policy = spaces is null ? policies.Current : spaces.Apply(policies.Current, realm);
        var requirement = access switch
        {
            RouteAccess.Public => AccessRequirement.None,
            RouteAccess.Certificate => AccessRequirement.Certificate,
            RouteAccess.Account => AccessRequirement.Account,
            RouteAccess.Read => policy.ReadRequirement,
            RouteAccess.Edit => policy.EditRequirement,
            RouteAccess.Admin => AccessRequirement.Admin,
            _ => throw new ArgumentOutOfRangeException(nameof(access), access, "Unknown access level."),
        };
        if (requirement == AccessRequirement.None)
        {
            return null;
        }

        switch (visitor.Standing)
        {
            case CertificateStanding.None:
                return RefusalMessages.CertificateRequired;
            case CertificateStanding.Invalid:
                return visitor.Problem ?? RefusalMessages.Unreadable;
        }

        var fingerprint = visitor.Fingerprint!.Value;
        var account = visitor.Account;
        var needsAllowList = requirement is AccessRequirement.AllowListed
            || (requirement is AccessRequirement.Registered && account is null && !visitor.IsAdmin);
        var facts = new IdentityFacts(
            Denied: visitor.Standing == CertificateStanding.Denied,
            Banned: visitor.Standing == CertificateStanding.Banned,
            HasAccount: account is not null,
            IsAdmin: visitor.IsAdmin,
            AllowListed: needsAllowList && IsAllowListed(policy, visitor, fingerprint, account),
            Revoked: visitor.Standing == CertificateStanding.Revoked);

        var refusal = AccessDecision.Decide(requirement, facts);
        if (refusal == Refusal.None)
        {
            return null;
        }

        if (recordRefusal && refusal is Refusal.NotAllowListed or Refusal.NotRegistered && requirement != AccessRequirement.Account)
        {
            // Kept for the admin page, who can allow it in one step (a visit to someone's own
            // account page without an account is nothing to allow); written off the request path.
            refusals.Record(fingerprint, visitor.Certificate?.CommonName ?? string.Empty, time.GetUtcNow());
        }

        return RefusalMessages.For(refusal, fingerprint, account?.Name.Value);
    }

    private bool IsAllowListed(AccessPolicy policy, Visitor visitor, Fingerprint fingerprint, Account? account) =>
        policy.AllowList.Contains(fingerprint)
        || allowList.Contains(fingerprint)
        || (account is not null && allowList.ContainsAnyOf(account.Id))
        || (policy.TrustedIssuer?.Vouches(visitor.Client!.Certificate, time.GetUtcNow()) ?? false)
        || (authority?.Current?.Issuer.Vouches(visitor.Client!.Certificate, time.GetUtcNow()) ?? false);

    // The wiki's own revocations by fingerprint (from memory); a trusted CA's CRL by serial, only for certificates that CA issued.
    private bool IsRevoked(AccessPolicy policy, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, Fingerprint fingerprint) =>
        (issued?.IsRevoked(fingerprint) ?? false) || (policy.TrustedIssuer?.Revokes(certificate) ?? false);
}
