namespace GeminiWiki.Domain.Identity;

/// <summary>The fingerprints admins allowed from the admin page or the command line (gemini.json has its own list).</summary>
public interface IAllowList
{
    bool Contains(Fingerprint fingerprint);

    /// <summary>True when any certificate of the account is allowed: allowing a person survives their certificate rotation.</summary>
    bool ContainsAnyOf(int accountId);

    IReadOnlyList<AllowListEntry> List();

    /// <summary>Allows a fingerprint, audited in the same transaction; false when it already was.</summary>
    bool Allow(Fingerprint fingerprint, string actor, DateTimeOffset now);

    /// <summary>Removes a fingerprint, audited in the same transaction; false when it was not on the list.</summary>
    bool Revoke(Fingerprint fingerprint, string actor, DateTimeOffset now);
}
