using System.Collections.Concurrent;
using LiteDB;

namespace GeminiWiki.Domain.Identity.Storage;

/// <summary>Accounts and their certificates in LiteDB, with the account of a fingerprint answered from memory.</summary>
public sealed class LiteAccountStore(IdentityDatabase identity) : IAccountStore
{
    // Last-seen times are for people, not for security: write them at most this often per certificate.
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromHours(1);
    private const int MaxCachedIdentities = 10_000;

    private readonly ConcurrentDictionary<string, CachedAccount> _accountsByFingerprint = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _lastTouched = new(StringComparer.Ordinal);

    /// <summary>
    /// Answers are kept in memory tagged with the identity version: every identity change moves
    /// the version on after its commit, so an answer read before a change is never given after it.
    /// </summary>
    public Account? FindAccount(Fingerprint fingerprint)
    {
        var version = identity.Version;
        if (_accountsByFingerprint.TryGetValue(fingerprint.Hex, out var cached) && cached.Version == version)
        {
            return cached.Account;
        }

        var certificate = identity.Certificates.FindById(fingerprint.Hex);
        var account = certificate is null ? null : IdentityDatabase.ToAccount(identity.Accounts.FindById(certificate.AccountId));
        if (_accountsByFingerprint.Count >= MaxCachedIdentities)
        {
            // Many strangers' certificates: start over rather than grow without bound.
            _accountsByFingerprint.Clear();
        }

        _accountsByFingerprint[fingerprint.Hex] = new CachedAccount(version, account);
        return account;
    }

    public Account? FindAccount(string name) =>
        IdentityDatabase.ToAccount(identity.Accounts.FindOne(a => a.Key == IdentityDatabase.KeyOf(name)));

    public IReadOnlyList<Account> ListAccounts() =>
        identity.Accounts.FindAll().OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => IdentityDatabase.ToAccount(a)!).ToList();

    public LinkedCertificate? FindCertificate(Fingerprint fingerprint) =>
        IdentityDatabase.ToCertificate(identity.Certificates.FindById(fingerprint.Hex));

    public IReadOnlyList<LinkedCertificate> CertificatesOf(int accountId) =>
        identity.Certificates.Find(c => c.AccountId == accountId).OrderBy(c => c.FirstSeen).Select(c => IdentityDatabase.ToCertificate(c)!).ToList();

    public RegistrationResult Register(AccountName name, CertificateDetails certificate, DateTimeOffset now)
    {
        try
        {
            return identity.Change(() => RegisterOnce(name, certificate, now));
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            // Two registrations raced past the checks; the unique indexes let exactly one win.
            return identity.Certificates.FindById(certificate.Fingerprint.Hex) is not null
                ? new RegistrationResult(RegistrationOutcome.CertificateAlreadyLinked, null)
                : new RegistrationResult(RegistrationOutcome.NameTaken, null);
        }
    }

    public void Touch(Fingerprint fingerprint, DateTimeOffset now)
    {
        // Checked in memory first, so a request costs no database read once a certificate was touched.
        if (_lastTouched.TryGetValue(fingerprint.Hex, out var touched) && now.UtcDateTime - touched < LastSeenResolution)
        {
            return;
        }

        if (_lastTouched.Count >= MaxCachedIdentities)
        {
            _lastTouched.Clear();
        }

        _lastTouched[fingerprint.Hex] = now.UtcDateTime;
        if (!identity.HasRoomToWrite)
        {
            // A last-seen time is not worth a write the disk has no room for.
            return;
        }

        var certificate = identity.Certificates.FindById(fingerprint.Hex);
        if (certificate is not null && now.UtcDateTime - certificate.LastSeen >= LastSeenResolution)
        {
            certificate.LastSeen = now.UtcDateTime;
            identity.Certificates.Update(certificate);
        }
    }

    public bool Unlink(int accountId, Fingerprint fingerprint) => identity.Change(() =>
    {
        var certificate = identity.Certificates.FindById(fingerprint.Hex);
        return certificate is not null && certificate.AccountId == accountId && identity.Certificates.Delete(certificate.Id);
    });

    public bool SetBanned(string name, bool banned, string actor, DateTimeOffset now) => identity.Change(() =>
    {
        var account = identity.Accounts.FindOne(a => a.Key == IdentityDatabase.KeyOf(name));
        if (account is null || account.Banned == banned)
        {
            return false;
        }

        account.Banned = banned;
        identity.Accounts.Update(account);
        identity.Audit(actor, banned ? "ban" : "unban", account.Name, now);
        return true;
    });

    public bool SetRole(string name, AccountRole role, string actor, DateTimeOffset now) => identity.Change(() =>
    {
        var account = identity.Accounts.FindOne(a => a.Key == IdentityDatabase.KeyOf(name));
        if (account is null || account.Role == role.ToString())
        {
            return false;
        }

        account.Role = role.ToString();
        identity.Accounts.Update(account);
        identity.Audit(actor, role == AccountRole.Admin ? "promote" : "demote", account.Name, now);
        return true;
    });

    private RegistrationResult RegisterOnce(AccountName name, CertificateDetails certificate, DateTimeOffset now)
    {
        if (identity.Certificates.FindById(certificate.Fingerprint.Hex) is not null)
        {
            return new RegistrationResult(RegistrationOutcome.CertificateAlreadyLinked, null);
        }

        if (identity.Accounts.Exists(a => a.Key == name.Key))
        {
            return new RegistrationResult(RegistrationOutcome.NameTaken, null);
        }

        var document = new AccountDocument { Name = name.Value, Key = name.Key, Role = nameof(AccountRole.User), Created = now.UtcDateTime };
        identity.Accounts.Insert(document);
        identity.Certificates.Insert(IdentityDatabase.ToDocument(certificate, document.Id, now));
        return new RegistrationResult(RegistrationOutcome.Created, IdentityDatabase.ToAccount(document));
    }

    private sealed record CachedAccount(long Version, Account? Account);
}
