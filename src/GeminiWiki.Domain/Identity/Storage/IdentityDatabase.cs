using GeminiWiki.Domain.Storage;
using LiteDB;

namespace GeminiWiki.Domain.Identity.Storage;

/// <summary>
/// The identity collections in the shared <see cref="WikiDatabase"/>, with what the identity
/// stores share: the durable write path, the version that tells cached answers apart from fresh
/// ones, audit entries written inside a change, and the mapping from documents to records.
/// Every method is synchronous: no LiteDB transaction ever spans an await.
/// </summary>
public sealed class IdentityDatabase(WikiDatabase database) : IStoreInitializer
{
    private long _version;

    internal LiteDatabase Db => database.Database;

    internal ILiteCollection<AccountDocument> Accounts => Db.GetCollection<AccountDocument>("accounts");

    internal ILiteCollection<CertificateDocument> Certificates => Db.GetCollection<CertificateDocument>("certificates");

    internal ILiteCollection<AllowDocument> AllowList => Db.GetCollection<AllowDocument>("allowlist");

    internal ILiteCollection<RefusedDocument> Refused => Db.GetCollection<RefusedDocument>("refused");

    internal ILiteCollection<AuditDocument> AuditLog => Db.GetCollection<AuditDocument>("audit");

    internal ILiteCollection<LinkCodeDocument> LinkCodes => Db.GetCollection<LinkCodeDocument>("linkcodes");

    internal ILiteCollection<IssuedDocument> Issued => Db.GetCollection<IssuedDocument>("issued");

    internal bool HasRoomToWrite
    {
        get
        {
            try
            {
                database.Space.EnsureRoomToWrite();
                return true;
            }
            catch (StorageFullException)
            {
                return false;
            }
        }
    }

    /// <summary>Moves on after every identity write, so answers cached before it are not given after it.</summary>
    internal long Version => Volatile.Read(ref _version);

    public void Initialize()
    {
        Accounts.EnsureIndex(a => a.Key, unique: true);
        Certificates.EnsureIndex(c => c.AccountId);
        Refused.EnsureIndex(r => r.LastSeen);
        AuditLog.EnsureIndex(a => a.Time);
        LinkCodes.EnsureIndex(l => l.Expires);
        AllowList.EnsureIndex(a => a.Added);
        Issued.EnsureIndex(i => i.Fingerprint, unique: true);
    }

    /// <summary>Every write a person is told about: durable before it returns, then the version moves on.</summary>
    internal T Change<T>(Func<T> write)
    {
        try
        {
            return database.Write(_ => write());
        }
        finally
        {
            // After the commit (or a failed attempt): readers from now on look again.
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>A write nobody waits for and that changes no account (the refusal log): no version change.</summary>
    internal void Write(Action write) => database.Write(_ => write());

    internal void Audit(string actor, string action, string target, DateTimeOffset now) =>
        AuditLog.Insert(new AuditDocument { Time = now.UtcDateTime, Actor = actor, Action = action, Target = target });

    internal static CertificateDocument ToDocument(CertificateDetails certificate, int accountId, DateTimeOffset now) => new()
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

    internal static Account? ToAccount(AccountDocument? document) => document is null
        ? null
        : new Account(document.Id, AccountName.FromStore(document.Name),
            Enum.TryParse<AccountRole>(document.Role, out var role) ? role : AccountRole.User,
            Utc(document.Created), document.Banned);

    internal static LinkedCertificate? ToCertificate(CertificateDocument? document) => document is null
        ? null
        : new LinkedCertificate(ParseStored(document.Id), document.AccountId, document.Subject, document.Issuer, document.Serial,
            Utc(document.NotBefore), Utc(document.NotAfter), Utc(document.FirstSeen), Utc(document.LastSeen));

    internal static Fingerprint ParseStored(string hex) =>
        Fingerprint.TryParseCanonical(hex, out var fingerprint) ? fingerprint : throw new InvalidDataException($"Stored fingerprint '{hex}' is not canonical.");

    internal static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    internal static string KeyOf(string name) => name.Trim().ToLowerInvariant();
}
