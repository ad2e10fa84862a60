namespace GeminiWiki.Domain.Identity;

/// <summary>What admins changed; each entry is written in the transaction of the change it records.</summary>
public interface IAuditLog
{
    IReadOnlyList<AuditEntry> Recent(int max = 50);
}
