namespace GeminiWiki.Domain.Access;

/// <summary>What is known about a valid certificate when a request arrives.</summary>
public readonly record struct IdentityFacts(bool Denied, bool Banned, bool HasAccount, bool IsAdmin, bool AllowListed, bool Revoked = false);

public enum Refusal
{
    None,
    Denied,
    Banned,
    NotRegistered,
    NotAllowListed,
    NotAdmin,

    /// <summary>The certificate's issuer revoked it (the wiki's CA, or a trusted CA's CRL).</summary>
    Revoked,
}

/// <summary>The access rules as one pure function: requirement and facts in, refusal reason out.</summary>
public static class AccessDecision
{
    public static Refusal Decide(AccessRequirement requirement, IdentityFacts facts)
    {
        if (requirement == AccessRequirement.None)
        {
            return Refusal.None;
        }

        // Deny-list, revocation and bans come first: nothing else (admin list, allow-list, CA) overrides them.
        if (facts.Denied)
        {
            return Refusal.Denied;
        }

        if (facts.Revoked)
        {
            return Refusal.Revoked;
        }

        if (facts.Banned)
        {
            return Refusal.Banned;
        }

        return requirement switch
        {
            AccessRequirement.Certificate => Refusal.None,
            AccessRequirement.Account => facts.HasAccount ? Refusal.None : Refusal.NotRegistered,

            // An allow-listed certificate is one an admin vouched for: it may act without an account
            // (its edits are signed with the short fingerprint).
            AccessRequirement.Registered => facts.HasAccount || facts.AllowListed || facts.IsAdmin ? Refusal.None : Refusal.NotRegistered,
            AccessRequirement.AllowListed => facts.AllowListed || facts.IsAdmin ? Refusal.None : Refusal.NotAllowListed,
            AccessRequirement.Admin => facts.IsAdmin ? Refusal.None : Refusal.NotAdmin,
            _ => Refusal.None,
        };
    }
}
