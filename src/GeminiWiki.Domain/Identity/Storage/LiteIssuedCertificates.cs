using GeminiWiki.Domain.Identity.Authority;

namespace GeminiWiki.Domain.Identity.Storage;

/// <summary>The issued certificates in LiteDB, with the revoked fingerprints answered from memory.</summary>
public sealed class LiteIssuedCertificates(IdentityDatabase identity) : IIssuedCertificates
{
    private volatile RevokedSet? _revoked;

    public IssueOutcome Record(AccountName account, CertificateDetails certificate, string actor, DateTimeOffset now) => identity.Change(() =>
    {
        var document = identity.Accounts.FindOne(a => a.Key == account.Key);
        var outcome = IssueOutcome.AddedToAccount;
        if (document is null)
        {
            document = new AccountDocument { Name = account.Value, Key = account.Key, Role = nameof(AccountRole.User), Created = now.UtcDateTime };
            identity.Accounts.Insert(document);
            outcome = IssueOutcome.AccountCreated;
        }

        var serial = WikiCertificateAuthority.NormalizeSerial(certificate.SerialNumber);
        identity.Certificates.Insert(IdentityDatabase.ToDocument(certificate, document.Id, now));
        identity.Issued.Insert(new IssuedDocument
        {
            Id = serial,
            Fingerprint = certificate.Fingerprint.Hex,
            Account = document.Name,
            NotBefore = certificate.NotBefore.UtcDateTime,
            NotAfter = certificate.NotAfter.UtcDateTime,
            Issued = now.UtcDateTime,
            IssuedBy = actor,
        });
        identity.Audit(actor, "issue", $"{serial} to {document.Name}", now);
        return outcome;
    });

    public IReadOnlyList<IssuedCertificate> List() =>
        identity.Issued.FindAll().OrderByDescending(i => i.Issued).ThenBy(i => i.Id, StringComparer.Ordinal).Select(ToRecord).ToList();

    public IssuedCertificate? Find(Fingerprint fingerprint)
    {
        var document = identity.Issued.FindOne(i => i.Fingerprint == fingerprint.Hex);
        return document is null ? null : ToRecord(document);
    }

    public IssuedCertificate? Find(string serialOrFingerprint)
    {
        var document = FindDocument(serialOrFingerprint);
        return document is null ? null : ToRecord(document);
    }

    public (RevokeOutcome Outcome, IssuedCertificate? Certificate) Revoke(string serialOrFingerprint, string actor, DateTimeOffset now) => identity.Change(() =>
    {
        var document = FindDocument(serialOrFingerprint);
        if (document is null)
        {
            return (RevokeOutcome.Unknown, (IssuedCertificate?)null);
        }

        if (document.Revoked is not null)
        {
            return (RevokeOutcome.AlreadyRevoked, ToRecord(document));
        }

        document.Revoked = now.UtcDateTime;
        document.RevokedBy = actor;
        identity.Issued.Update(document);
        identity.Audit(actor, "revoke-cert", $"{document.Id} of {document.Account}", now);
        return (RevokeOutcome.Revoked, ToRecord(document));
    });

    /// <summary>Rebuilt after any identity change (the version moves on), so a revocation counts from the next request.</summary>
    public bool IsRevoked(Fingerprint fingerprint)
    {
        var version = identity.Version;
        var revoked = _revoked;
        if (revoked is null || revoked.Version != version)
        {
            var fingerprints = identity.Issued.Find(i => i.Revoked != null).Select(i => i.Fingerprint).ToHashSet(StringComparer.Ordinal);
            revoked = new RevokedSet(version, fingerprints);
            _revoked = revoked;
        }

        return revoked.Fingerprints.Contains(fingerprint.Hex);
    }

    public IReadOnlyList<IssuedCertificate> RevokedCertificates() =>
        identity.Issued.Find(i => i.Revoked != null).OrderBy(i => i.Revoked).Select(ToRecord).ToList();

    private IssuedDocument? FindDocument(string serialOrFingerprint)
    {
        var text = serialOrFingerprint.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        // A fingerprint is 64 hex digits (or another pasted form); a serial of ours is 32.
        if (Fingerprint.TryParse(text, out var fingerprint) && identity.Issued.FindOne(i => i.Fingerprint == fingerprint.Hex) is { } byFingerprint)
        {
            return byFingerprint;
        }

        var serial = WikiCertificateAuthority.NormalizeSerial(text);
        return serial.All(Uri.IsHexDigit) ? identity.Issued.FindById(serial) : null;
    }

    private static IssuedCertificate ToRecord(IssuedDocument document) => new(
        document.Id,
        IdentityDatabase.ParseStored(document.Fingerprint),
        document.Account,
        IdentityDatabase.Utc(document.NotBefore),
        IdentityDatabase.Utc(document.NotAfter),
        IdentityDatabase.Utc(document.Issued),
        document.IssuedBy,
        document.Revoked is { } revoked ? IdentityDatabase.Utc(revoked) : null,
        document.RevokedBy);

    private sealed record RevokedSet(long Version, HashSet<string> Fingerprints);
}
