using GeminiWiki.Domain.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Access;

/// <summary>The outcome of a check with what the identity pages need besides the visitor.</summary>
public sealed record AccessCheck(Visitor Visitor, GeminiResponse? Refusal, CertificateDetails? Certificate, Account? Account)
{
    public bool IsAllowed => Refusal is null;

    public AccessResult ToResult() => new(Visitor, Refusal);
}

/// <summary>
/// Decides from the client certificate, the stored accounts and allow-list, and the policy in
/// gemini.json. Identity is the certificate's SHA-256 fingerprint only: subject text (a CN that
/// copies an admin's) never grants anything.
/// </summary>
public sealed class IdentityAccessGate(IdentityStore store, IAccessPolicySource policies, TimeProvider time) : IAccessGate
{
    public AccessResult CheckRead(GeminiRequest request) => Check(request, policies.Current.ReadRequirement).ToResult();

    public AccessResult CheckEdit(GeminiRequest request) => Check(request, policies.Current.EditRequirement).ToResult();

    public Visitor Identify(GeminiRequest request) => Check(request, AccessRequirement.None).Visitor;

    public AccessCheck Check(GeminiRequest request, AccessRequirement requirement)
    {
        var policy = policies.Current;
        if (request.ClientCertificate is not { } certificate)
        {
            return requirement == AccessRequirement.None
                ? new AccessCheck(Visitor.Anonymous, null, null, null)
                : new AccessCheck(Visitor.Anonymous, RefusalMessages.CertificateRequired, null, null);
        }

        if (CertificateDetails.TryRead(certificate) is not { } details)
        {
            return requirement == AccessRequirement.None
                ? new AccessCheck(Visitor.Anonymous, null, null, null)
                : new AccessCheck(Visitor.Anonymous, RefusalMessages.Unreadable, null, null);
        }

        var fingerprint = details.Fingerprint;
        var unprivileged = new Visitor(fingerprint, null, false);
        var now = time.GetUtcNow();
        var invalid = RefusalMessages.CheckValidity(details, now);
        if (invalid is not null)
        {
            // A public page stays readable, but an invalid certificate identifies no one.
            return requirement == AccessRequirement.None
                ? new AccessCheck(unprivileged, null, details, null)
                : new AccessCheck(unprivileged, invalid, details, null);
        }

        var account = store.FindAccount(fingerprint);
        var isAdmin = policy.AdminFingerprints.Contains(fingerprint) || account?.Role == AccountRole.Admin;
        var needsAllowList = requirement is AccessRequirement.AllowListed
            || (requirement is AccessRequirement.Registered && account is null && !isAdmin);
        var facts = new IdentityFacts(
            Denied: policy.DenyList.Contains(fingerprint),
            Banned: account?.Banned == true,
            HasAccount: account is not null,
            IsAdmin: isAdmin,
            AllowListed: needsAllowList && IsAllowListed(policy, certificate, fingerprint, account, now));

        var refusal = AccessDecision.Decide(requirement == AccessRequirement.None ? AccessRequirement.Certificate : requirement, facts);
        if (refusal != Refusal.None)
        {
            if (refusal is Refusal.NotAllowListed or Refusal.NotRegistered)
            {
                store.RecordRefusal(fingerprint, details.CommonName, now);
            }

            return requirement == AccessRequirement.None
                ? new AccessCheck(unprivileged, null, details, null)
                : new AccessCheck(unprivileged, RefusalMessages.For(refusal, fingerprint, account?.Name.Value), details, account);
        }

        if (account is not null)
        {
            store.Touch(fingerprint, now);
        }

        return new AccessCheck(new Visitor(fingerprint, account?.Name.Value, isAdmin), null, details, account);
    }

    private bool IsAllowListed(AccessPolicy policy, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate,
        Fingerprint fingerprint, Account? account, DateTimeOffset now) =>
        policy.AllowList.Contains(fingerprint)
        || store.IsAllowListed(fingerprint)
        || (account is not null && store.IsAccountAllowListed(account.Id))
        || (policy.TrustedIssuer?.Vouches(certificate, now) ?? false);
}
