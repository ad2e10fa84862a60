namespace GeminiWiki.Domain.Identity;

/// <summary>A client certificate the wiki's CA issued, and whether it was revoked.</summary>
public sealed record IssuedCertificate(
    string Serial,
    Fingerprint Fingerprint,
    string Account,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset Issued,
    string IssuedBy,
    DateTimeOffset? Revoked,
    string? RevokedBy)
{
    public bool IsRevoked => Revoked is not null;
}

public enum IssueOutcome
{
    /// <summary>The account was created with this certificate.</summary>
    AccountCreated,

    /// <summary>The certificate was added to an existing account (rotation: the old ones keep working).</summary>
    AddedToAccount,
}

public enum RevokeOutcome
{
    Revoked,
    AlreadyRevoked,
    Unknown,
}

/// <summary>The certificates the wiki issued: linked to their account when issued, refused once revoked.</summary>
public interface IIssuedCertificates
{
    /// <summary>
    /// Links <paramref name="certificate"/> to the account <paramref name="account"/> (created if
    /// there is none) and records it as issued, audited, all in one transaction.
    /// </summary>
    IssueOutcome Record(AccountName account, CertificateDetails certificate, string actor, DateTimeOffset now);

    /// <summary>Newest first.</summary>
    IReadOnlyList<IssuedCertificate> List();

    IssuedCertificate? Find(Fingerprint fingerprint);

    /// <summary>A serial number (hex, any case, colons allowed) or a fingerprint in any pasted form.</summary>
    IssuedCertificate? Find(string serialOrFingerprint);

    /// <summary>Revokes the certificate, audited in the same transaction.</summary>
    (RevokeOutcome Outcome, IssuedCertificate? Certificate) Revoke(string serialOrFingerprint, string actor, DateTimeOffset now);

    /// <summary>Asked on every request that carries a certificate: answered from memory.</summary>
    bool IsRevoked(Fingerprint fingerprint);

    /// <summary>The revoked certificates, for the CRL.</summary>
    IReadOnlyList<IssuedCertificate> RevokedCertificates();
}
