namespace GeminiWiki.Domain.Identity.Storage;

/// <summary>The allow-list kept in LiteDB.</summary>
public sealed class LiteAllowList(IdentityDatabase identity) : IAllowList
{
    public bool Contains(Fingerprint fingerprint) => identity.AllowList.Exists(a => a.Id == fingerprint.Hex);

    public bool ContainsAnyOf(int accountId) =>
        identity.Certificates.Find(c => c.AccountId == accountId).Any(c => identity.AllowList.Exists(a => a.Id == c.Id));

    public IReadOnlyList<AllowListEntry> List() =>
        identity.AllowList.FindAll().OrderBy(a => a.Added)
            .Select(a => new AllowListEntry(IdentityDatabase.ParseStored(a.Id), a.CommonName, a.AddedBy, IdentityDatabase.Utc(a.Added))).ToList();

    public bool Allow(Fingerprint fingerprint, string actor, DateTimeOffset now) => identity.Change(() =>
    {
        if (identity.AllowList.FindById(fingerprint.Hex) is not null)
        {
            return false;
        }

        // The refused entry named the certificate; once allowed it is no longer a refusal to act on.
        var commonName = identity.Refused.FindById(fingerprint.Hex)?.CommonName;
        identity.AllowList.Insert(new AllowDocument { Id = fingerprint.Hex, CommonName = commonName, AddedBy = actor, Added = now.UtcDateTime });
        identity.Refused.Delete(fingerprint.Hex);
        identity.Audit(actor, "allow", fingerprint.Hex, now);
        return true;
    });

    public bool Revoke(Fingerprint fingerprint, string actor, DateTimeOffset now) => identity.Change(() =>
    {
        if (!identity.AllowList.Delete(fingerprint.Hex))
        {
            return false;
        }

        identity.Audit(actor, "revoke", fingerprint.Hex, now);
        return true;
    });
}
