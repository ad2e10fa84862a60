namespace GeminiWiki.Domain.Identity;

/// <summary>Certificates refused recently, kept so an admin can allow one in a single step.</summary>
public interface IRefusalLog
{
    /// <summary>Notes a refusal. Called on the request path, so it must not wait for the database.</summary>
    void Record(Fingerprint fingerprint, string commonName, DateTimeOffset now);

    IReadOnlyList<RefusedCertificate> Recent(int max = 50);
}
