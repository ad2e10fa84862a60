namespace GeminiWiki.Domain.Identity;

/// <summary>One-time codes that link another certificate to an account.</summary>
public interface ILinkCodes
{
    /// <summary>How long a code works.</summary>
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Wrong codes, entered by anyone, that a waiting code lives through; then it is withdrawn.
    /// A wrong code names no account, so each one counts against every code waiting at the time:
    /// however many addresses guess, a code meets at most this many guesses out of 32^8.
    /// </summary>
    const int WrongGuessesTolerated = 50;

    string Create(int accountId, DateTimeOffset now);

    /// <summary>
    /// Whether <paramref name="code"/> could link a certificate now, without using it up:
    /// <see cref="LinkOutcome.Linked"/> when it could. An unknown code counts as a wrong guess
    /// against every code still waiting, as in <see cref="Redeem"/>.
    /// </summary>
    LinkOutcome Try(string code, DateTimeOffset now);

    /// <summary>
    /// Links <paramref name="certificate"/> to the code's account and uses the code up. An unknown
    /// code counts as a wrong guess against every code still waiting.
    /// </summary>
    (LinkOutcome Outcome, Account? Account) Redeem(string code, CertificateDetails certificate, DateTimeOffset now);
}
