namespace GeminiWiki.Domain.Identity;

public enum AccountRole
{
    User,
    Admin,
}

public sealed record Account(int Id, AccountName Name, AccountRole Role, DateTimeOffset Created, bool Banned);

public sealed record LinkedCertificate(
    Fingerprint Fingerprint,
    int AccountId,
    string Subject,
    string Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);

public sealed record AllowListEntry(Fingerprint Fingerprint, string? CommonName, string AddedBy, DateTimeOffset Added);

/// <summary>A certificate that was refused recently, kept so an admin can allow it in one step.</summary>
public sealed record RefusedCertificate(Fingerprint Fingerprint, string CommonName, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int Count);

public sealed record AuditEntry(DateTimeOffset Time, string Actor, string Action, string Target);

public enum RegistrationOutcome
{
    Created,
    NameTaken,
    CertificateAlreadyLinked,
}

public sealed record RegistrationResult(RegistrationOutcome Outcome, Account? Account);

public enum LinkOutcome
{
    Linked,
    UnknownOrExpiredCode,
    CertificateAlreadyLinked,

    /// <summary>The code was right but had lived through too many wrong guesses, and is used up.</summary>
    Withdrawn,
}
