using LiteDB;

namespace GeminiWiki.Domain.Identity.Storage;

// The shapes stored in LiteDB. Kept apart from the domain records so a stored field can be renamed
// or added without touching the pages; dates are stored as UTC (WikiDatabase sets UtcDate).

internal sealed class AccountDocument
{
    [BsonId(autoId: true)]
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The lower-case name: the unique index that makes names case-insensitive.</summary>
    public string Key { get; set; } = string.Empty;

    public string Role { get; set; } = nameof(AccountRole.User);

    public DateTime Created { get; set; }

    public bool Banned { get; set; }
}

internal sealed class CertificateDocument
{
    /// <summary>The canonical fingerprint: the primary key makes a certificate belong to one account only.</summary>
    [BsonId]
    public string Id { get; set; } = string.Empty;

    public int AccountId { get; set; }

    public string Subject { get; set; } = string.Empty;

    public string Issuer { get; set; } = string.Empty;

    public string Serial { get; set; } = string.Empty;

    public DateTime NotBefore { get; set; }

    public DateTime NotAfter { get; set; }

    public DateTime FirstSeen { get; set; }

    public DateTime LastSeen { get; set; }
}

internal sealed class AllowDocument
{
    [BsonId]
    public string Id { get; set; } = string.Empty;

    public string? CommonName { get; set; }

    public string AddedBy { get; set; } = string.Empty;

    public DateTime Added { get; set; }
}

internal sealed class RefusedDocument
{
    [BsonId]
    public string Id { get; set; } = string.Empty;

    public string CommonName { get; set; } = string.Empty;

    public DateTime FirstSeen { get; set; }

    public DateTime LastSeen { get; set; }

    public int Count { get; set; }
}

internal sealed class AuditDocument
{
    [BsonId(autoId: true)]
    public int Id { get; set; }

    public DateTime Time { get; set; }

    public string Actor { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string Target { get; set; } = string.Empty;
}

internal sealed class LinkCodeDocument
{
    [BsonId]
    public string Id { get; set; } = string.Empty;

    public int AccountId { get; set; }

    public DateTime Expires { get; set; }

    public int WrongGuesses { get; set; }
}

internal sealed class IssuedDocument
{
    /// <summary>The normalised serial number (upper-case hex).</summary>
    [BsonId]
    public string Id { get; set; } = string.Empty;

    public string Fingerprint { get; set; } = string.Empty;

    public string Account { get; set; } = string.Empty;

    public DateTime NotBefore { get; set; }

    public DateTime NotAfter { get; set; }

    public DateTime Issued { get; set; }

    public string IssuedBy { get; set; } = string.Empty;

    public DateTime? Revoked { get; set; }

    public string? RevokedBy { get; set; }
}
