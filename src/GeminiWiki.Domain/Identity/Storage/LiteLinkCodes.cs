using System.Security.Cryptography;

namespace GeminiWiki.Domain.Identity.Storage;

/// <summary>Link codes in LiteDB: a code and the certificate it links change in one transaction.</summary>
public sealed class LiteLinkCodes(IdentityDatabase identity) : ILinkCodes
{
    // No 0/O or 1/I: codes are read off one screen and typed on another.
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    // People type codes with spaces, dashes or in lower case.
    private static string Normalise(string code) => new string(code.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();

    public string Create(int accountId, DateTimeOffset now) => identity.Change(() =>
    {
        identity.LinkCodes.DeleteMany(l => l.Expires <= now.UtcDateTime);
        var code = RandomNumberGenerator.GetString(CodeAlphabet, 8);
        identity.LinkCodes.Insert(new LinkCodeDocument { Id = code, AccountId = accountId, Expires = (now + ILinkCodes.Lifetime).UtcDateTime });
        return code;
    });

    public LinkOutcome Try(string code, DateTimeOffset now)
    {
        var entry = identity.LinkCodes.FindById(Normalise(code));
        if (entry is null || entry.Expires <= now.UtcDateTime)
        {
            identity.Change(() =>
            {
                CountWrongGuess(now);
                return true;
            });
            return LinkOutcome.UnknownOrExpiredCode;
        }

        if (entry.WrongGuesses >= ILinkCodes.WrongGuessesTolerated)
        {
            // Withdrawn once, like Redeem: its owner is told once, then it is simply gone.
            identity.Change(() => identity.LinkCodes.Delete(entry.Id));
            return LinkOutcome.Withdrawn;
        }

        return LinkOutcome.Linked;
    }

    public (LinkOutcome Outcome, Account? Account) Redeem(string code, CertificateDetails certificate, DateTimeOffset now) => identity.Change(() =>
    {
        var entry = identity.LinkCodes.FindById(Normalise(code));
        if (entry is null || entry.Expires <= now.UtcDateTime)
        {
            CountWrongGuess(now);
            return (LinkOutcome.UnknownOrExpiredCode, (Account?)null);
        }

        if (entry.WrongGuesses >= ILinkCodes.WrongGuessesTolerated)
        {
            identity.LinkCodes.Delete(entry.Id);
            return (LinkOutcome.Withdrawn, null);
        }

        if (identity.Certificates.FindById(certificate.Fingerprint.Hex) is not null)
        {
            return (LinkOutcome.CertificateAlreadyLinked, null);
        }

        identity.LinkCodes.Delete(entry.Id);
        identity.Certificates.Insert(IdentityDatabase.ToDocument(certificate, entry.AccountId, now));
        return (LinkOutcome.Linked, IdentityDatabase.ToAccount(identity.Accounts.FindById(entry.AccountId)));
    });

    // Few codes wait at any time (they last minutes), so touching each one is cheap.
    private void CountWrongGuess(DateTimeOffset now)
    {
        foreach (var waiting in identity.LinkCodes.Find(l => l.Expires > now.UtcDateTime).ToList())
        {
            waiting.WrongGuesses++;
            identity.LinkCodes.Update(waiting);
        }
    }
}
