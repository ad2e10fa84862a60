namespace GeminiWiki.Domain.Identity.Storage;

/// <summary>The audit log in LiteDB (written by the changes it records).</summary>
public sealed class LiteAuditLog(IdentityDatabase identity) : IAuditLog
{
    public IReadOnlyList<AuditEntry> Recent(int max = 50) =>
        identity.AuditLog.Query().OrderByDescending(a => a.Id).Limit(max).ToList()
            .Select(a => new AuditEntry(IdentityDatabase.Utc(a.Time), a.Actor, a.Action, a.Target)).ToList();
}
