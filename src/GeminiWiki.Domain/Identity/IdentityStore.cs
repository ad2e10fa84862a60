using System.Collections.Concurrent;
using System.Security.Cryptography;
using GeminiWiki.Domain.Storage;
using LiteDB;

namespace GeminiWiki.Domain.Identity;

/// <summary>
/// Accounts, their certificates, the allow-list, recently refused certificates, link codes and the
/// admin audit log, in the shared <see cref="WikiDatabase"/>. Every method is synchronous: no
/// LiteDB transaction ever spans an await. Writes a person is told about go through
/// <see cref="WikiDatabase.Write{T}"/> so they survive a crash once acknowledged.
/// </summary>
public sealed class IdentityStore(WikiDatabase database) : IStoreInitializer
{
    public const int RefusedKept = 200;
    public static readonly TimeSpan LinkCodeLifetime = TimeSpan.FromMinutes(10);

    // Last-seen times are for people, not for security: write them at most this often per certificate.
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromHours(1);
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private const int MaxCachedIdentities = 10_000;
    private readonly ConcurrentDictionary<string, CachedAccount> _accountsByFingerprint = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _lastTouched = new(StringComparer.Ordinal);
    private long _version;

    private LiteDatabase Db => database.Database;

    private ILiteCollection<AccountDocument> Accounts => Db.GetCollection<AccountDocument>("accounts");

    private ILiteCollection<CertificateDocument> Certificates => Db.GetCollection<CertificateDocument>("certificates");

    private ILiteCollection<AllowDocument> AllowList => Db.GetCollection<AllowDocument>("allowlist");

    private ILiteCollection<RefusedDocument> Refused => Db.GetCollection<RefusedDocument>("refused");

    private ILiteCollection<AuditDocument> AuditLog => Db.GetCollection<AuditDocument>("audit");

    private ILiteCollection<LinkCodeDocument> LinkCodes => Db.GetCollection<LinkCodeDocument>("linkcodes");

    /// <summary>Every write of this store: durable before it returns, then the version moves on.</summary>
    private T Change<T>(Func<LiteDatabase, T> write)
    {
        try
        {
            return database.Write(write);
        }
        finally
        {
            // After the commit (or a failed attempt): readers from now on look again.
            Interlocked.Increment(ref _version);
        }
    }

    private sealed record CachedAccount(long Version, Account? Account);

    public void Initialize()
    {
        Accounts.EnsureIndex(a => a.Key, unique: true);
        Certificates.EnsureIndex(c => c.AccountId);
        Refused.EnsureIndex(r => r.LastSeen);
        AuditLog.EnsureIndex(a => a.Time);
        LinkCodes.EnsureIndex(l => l.Expires);
        AllowList.EnsureIndex(a => a.Added);
    }

    /// <summary>
    /// The account a certificate belongs to, asked on every request that carries one. Answers are
    /// kept in memory tagged with the store's version: every change made here bumps the version
    /// after its commit, so an answer read before a change is never given after it.
    /// </summary>
    public Account? FindAccount(Fingerprint fingerprint)
    {
        var version = Volatile.Read(ref _version);
        if (_accountsByFingerprint.TryGetValue(fingerprint.Hex, out var cached) && cached.Version == version)
        {
            return cached.Account;
        }

        var certificate = Certificates.FindById(fingerprint.Hex);
        var account = certificate is null ? null : ToAccount(Accounts.FindById(certificate.AccountId));
        if (_accountsByFingerprint.Count >= MaxCachedIdentities)
        {
            // Many strangers' certificates: start over rather than grow without bound.
            _accountsByFingerprint.Clear();
        }

        _accountsByFingerprint[fingerprint.Hex] = new CachedAccount(version, account);
        return account;
    }

    public Account? FindAccount(string name) =>
        ToAccount(Accounts.FindOne(a => a.Key == name.Trim().ToLowerInvariant()));

    public IReadOnlyList<Account> ListAccounts() =>
        Accounts.FindAll().OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => ToAccount(a)!).ToList();

    public LinkedCertificate? FindCertificate(Fingerprint fingerprint) => ToCertificate(Certificates.FindById(fingerprint.Hex));

    public IReadOnlyList<LinkedCertificate> CertificatesOf(int accountId) =>
        Certificates.Find(c => c.AccountId == accountId).OrderBy(c => c.FirstSeen).Select(c => ToCertificate(c)!).ToList();

    /// <summary>Creates an account owning <paramref name="certificate"/>; the first step of every account.</summary>
    public RegistrationResult Register(AccountName name, CertificateDetails certificate, DateTimeOffset now)
    {
        try
        {
            return RegisterOnce(name, certificate, now);
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            // Two registrations raced past the checks; the unique indexes let exactly one win.
            return Certificates.FindById(certificate.Fingerprint.Hex) is not null
                ? new RegistrationResult(RegistrationOutcome.CertificateAlreadyLinked, null)
                : new RegistrationResult(RegistrationOutcome.NameTaken, null);
        }
    }

    private RegistrationResult RegisterOnce(AccountName name, CertificateDetails certificate, DateTimeOffset now) => Change(_ =>
    {
        if (Certificates.FindById(certificate.Fingerprint.Hex) is not null)
        {
            return new RegistrationResult(RegistrationOutcome.CertificateAlreadyLinked, null);
        }

        if (Accounts.Exists(a => a.Key == name.Key))
        {
            return new RegistrationResult(RegistrationOutcome.NameTaken, null);
        }

        var document = new AccountDocument { Name = name.Value, Key = name.Key, Role = nameof(AccountRole.User), Created = now.UtcDateTime };
        Accounts.Insert(document);
        Certificates.Insert(ToDocument(certificate, document.Id, now));
        return new RegistrationResult(RegistrationOutcome.Created, ToAccount(document));
    });

    /// <summary>Notes that a linked certificate was used (at most once an hour; not worth a flush).</summary>
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
        var certificate = Certificates.FindById(fingerprint.Hex);
        if (certificate is not null && now.UtcDateTime - certificate.LastSeen >= LastSeenResolution)
        {
            certificate.LastSeen = now.UtcDateTime;
            Certificates.Update(certificate);
        }
    }

    /// <summary>A one-time code, valid for <see cref="LinkCodeLifetime"/>, that links another certificate to the account.</summary>
    public string CreateLinkCode(int accountId, DateTimeOffset now) => Change(_ =>
    {
        LinkCodes.DeleteMany(l => l.Expires <= now.UtcDateTime);
        var code = RandomNumberGenerator.GetString(CodeAlphabet, 8);
        LinkCodes.Insert(new LinkCodeDocument { Id = code, AccountId = accountId, Expires = (now + LinkCodeLifetime).UtcDateTime });
        return code;
    });

    public (LinkOutcome Outcome, Account? Account) RedeemLinkCode(string code, CertificateDetails certificate, DateTimeOffset now) => Change(_ =>
    {
        var normalised = new string(code.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
        var entry = LinkCodes.FindById(normalised);
        if (entry is null || entry.Expires <= now.UtcDateTime)
        {
            return (LinkOutcome.UnknownOrExpiredCode, (Account?)null);
        }

        if (Certificates.FindById(certificate.Fingerprint.Hex) is not null)
        {
            return (LinkOutcome.CertificateAlreadyLinked, null);
        }

        LinkCodes.Delete(entry.Id);
        Certificates.Insert(ToDocument(certificate, entry.AccountId, now));
        return (LinkOutcome.Linked, ToAccount(Accounts.FindById(entry.AccountId)));
    });

    /// <summary>Removes a certificate from an account; false when it is not one of the account's.</summary>
    public bool Unlink(int accountId, Fingerprint fingerprint) => Change(_ =>
    {
        var certificate = Certificates.FindById(fingerprint.Hex);
        return certificate is not null && certificate.AccountId == accountId && Certificates.Delete(certificate.Id);
    });

    public bool IsAllowListed(Fingerprint fingerprint) => AllowList.Exists(a => a.Id == fingerprint.Hex);

    /// <summary>True when any certificate of the account is allow-listed: allowing a person survives their certificate rotation.</summary>
    public bool IsAccountAllowListed(int accountId) =>
        Certificates.Find(c => c.AccountId == accountId).Any(c => AllowList.Exists(a => a.Id == c.Id));

    public IReadOnlyList<AllowListEntry> ListAllowed() =>
        AllowList.FindAll().OrderBy(a => a.Added).Select(a => new AllowListEntry(Parse(a.Id), a.CommonName, a.AddedBy, Utc(a.Added))).ToList();

    /// <summary>Remembers a refused certificate for the admin page; the oldest are dropped beyond <see cref="RefusedKept"/>.</summary>
    public void RecordRefusal(Fingerprint fingerprint, string commonName, DateTimeOffset now)
    {
        var existing = Refused.FindById(fingerprint.Hex);
        if (existing is not null)
        {
            existing.LastSeen = now.UtcDateTime;
            existing.Count++;
            existing.CommonName = commonName;
            Refused.Update(existing);
            return;
        }

        Refused.Insert(new RefusedDocument { Id = fingerprint.Hex, CommonName = commonName, FirstSeen = now.UtcDateTime, LastSeen = now.UtcDateTime, Count = 1 });
        var excess = Refused.Count() - RefusedKept;
        if (excess > 0)
        {
            foreach (var old in Refused.Query().OrderBy(r => r.LastSeen).Limit(excess).ToList())
            {
                Refused.Delete(old.Id);
            }
        }
    }

    public IReadOnlyList<RefusedCertificate> RecentRefusals(int max = 50) =>
        Refused.Query().OrderByDescending(r => r.LastSeen).Limit(max).ToList()
            .Select(r => new RefusedCertificate(Parse(r.Id), r.CommonName, Utc(r.FirstSeen), Utc(r.LastSeen), r.Count)).ToList();

    public IReadOnlyList<AuditEntry> RecentAudit(int max = 50) =>
        AuditLog.Query().OrderByDescending(a => a.Id).Limit(max).ToList()
            .Select(a => new AuditEntry(Utc(a.Time), a.Actor, a.Action, a.Target)).ToList();

    // Admin actions: each change and its audit entry are one transaction.

    public bool Allow(Fingerprint fingerprint, string actor, DateTimeOffset now) => Change(_ =>
    {
        if (AllowList.FindById(fingerprint.Hex) is not null)
        {
            return false;
        }

        var commonName = Refused.FindById(fingerprint.Hex)?.CommonName;
        AllowList.Insert(new AllowDocument { Id = fingerprint.Hex, CommonName = commonName, AddedBy = actor, Added = now.UtcDateTime });
        Refused.Delete(fingerprint.Hex);
        Audit(actor, "allow", fingerprint.Hex, now);
        return true;
    });

    public bool Revoke(Fingerprint fingerprint, string actor, DateTimeOffset now) => Change(_ =>
    {
        if (!AllowList.Delete(fingerprint.Hex))
        {
            return false;
        }

        Audit(actor, "revoke", fingerprint.Hex, now);
        return true;
    });

    public bool SetBanned(string name, bool banned, string actor, DateTimeOffset now) => Change(_ =>
    {
        var account = Accounts.FindOne(a => a.Key == name.Trim().ToLowerInvariant());
        if (account is null || account.Banned == banned)
        {
            return false;
        }

        account.Banned = banned;
        Accounts.Update(account);
        Audit(actor, banned ? "ban" : "unban", account.Name, now);
        return true;
    });

    public bool SetRole(string name, AccountRole role, string actor, DateTimeOffset now) => Change(_ =>
    {
        var account = Accounts.FindOne(a => a.Key == name.Trim().ToLowerInvariant());
        if (account is null || account.Role == role.ToString())
        {
            return false;
        }

        account.Role = role.ToString();
        Accounts.Update(account);
        Audit(actor, role == AccountRole.Admin ? "promote" : "demote", account.Name, now);
        return true;
    });

    private void Audit(string actor, string action, string target, DateTimeOffset now) =>
        AuditLog.Insert(new AuditDocument { Time = now.UtcDateTime, Actor = actor, Action = action, Target = target });

    private static CertificateDocument ToDocument(CertificateDetails certificate, int accountId, DateTimeOffset now) => new()
    {
        Id = certificate.Fingerprint.Hex,
        AccountId = accountId,
        Subject = certificate.Subject,
        Issuer = certificate.Issuer,
        Serial = certificate.SerialNumber,
        NotBefore = certificate.NotBefore.UtcDateTime,
        NotAfter = certificate.NotAfter.UtcDateTime,
        FirstSeen = now.UtcDateTime,
        LastSeen = now.UtcDateTime,
    };

    private static Account? ToAccount(AccountDocument? document) => document is null
        ? null
        : new Account(document.Id, AccountName.FromStore(document.Name),
            Enum.TryParse<AccountRole>(document.Role, out var role) ? role : AccountRole.User,
            Utc(document.Created), document.Banned);

    private static LinkedCertificate? ToCertificate(CertificateDocument? document) => document is null
        ? null
        : new LinkedCertificate(Parse(document.Id), document.AccountId, document.Subject, document.Issuer, document.Serial,
            Utc(document.NotBefore), Utc(document.NotAfter), Utc(document.FirstSeen), Utc(document.LastSeen));

    private static Fingerprint Parse(string hex) =>
        Fingerprint.TryParseCanonical(hex, out var fingerprint) ? fingerprint : throw new InvalidDataException($"Stored fingerprint '{hex}' is not canonical.");

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
