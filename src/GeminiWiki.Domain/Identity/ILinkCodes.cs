namespace GeminiWiki.Domain.Identity;

/// <summary>One-time codes that link another certificate to an account.</summary>
public interface ILinkCodes
{
    /// <summary>How long a code works.</summary>
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    string Create(int accountId, DateTimeOffset now);

    /// <summary>Whether <paramref name="code"/> could link a certificate now (it exists and has not expired); changes nothing.</summary>
    bool IsUsable(string code, DateTimeOffset now);

    /// <summary>Links <paramref name="certificate"/> to the code's account and uses the code up.</summary>
    (LinkOutcome Outcome, Account? Account) Redeem(string code, CertificateDetails certificate, DateTimeOffset now);
}
