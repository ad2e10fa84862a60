namespace GeminiWiki.Domain.Identity;

/// <summary>Accounts and the certificates linked to them.</summary>
public interface IAccountStore
{
    /// <summary>The account a certificate belongs to; asked on every request that carries one.</summary>
    Account? FindAccount(Fingerprint fingerprint);

    Account? FindAccount(string name);

    IReadOnlyList<Account> ListAccounts();

    LinkedCertificate? FindCertificate(Fingerprint fingerprint);

    IReadOnlyList<LinkedCertificate> CertificatesOf(int accountId);

    /// <summary>Creates an account owning <paramref name="certificate"/>; the first step of every account.</summary>
    RegistrationResult Register(AccountName name, CertificateDetails certificate, DateTimeOffset now);

    /// <summary>Notes that a linked certificate was used (coarsely: it is for people, not for security).</summary>
    void Touch(Fingerprint fingerprint, DateTimeOffset now);

    /// <summary>Removes a certificate from an account; false when it is not one of the account's.</summary>
    bool Unlink(int accountId, Fingerprint fingerprint);

    /// <summary>Bans or unbans, audited in the same transaction; false when nothing changed.</summary>
    bool SetBanned(string name, bool banned, string actor, DateTimeOffset now);

    /// <summary>Promotes or demotes, audited in the same transaction; false when nothing changed.</summary>
    bool SetRole(string name, AccountRole role, string actor, DateTimeOffset now);
}
