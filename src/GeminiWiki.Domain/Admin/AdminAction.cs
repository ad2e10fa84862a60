using GeminiWiki.Domain.Identity;

namespace GeminiWiki.Domain.Admin;

/// <summary>The outcome of an admin action, in words for the admin.</summary>
public sealed record AdminOutcome(bool Succeeded, string Message);

/// <summary>What an admin action takes as its argument.</summary>
public enum AdminArgument
{
    Fingerprint,
    AccountName,

    /// <summary>A certificate the wiki issued: its serial number or its fingerprint.</summary>
    IssuedCertificate,
}

/// <summary>
/// The admin actions, one closed set shared by the /admin pages and the command line: each parses
/// its argument, changes the store and audits the change in the same transaction.
/// </summary>
public sealed class AdminAction
{
    public static readonly AdminAction Allow = new("allow", AdminArgument.Fingerprint,
        "Fingerprint to allow (any form: hex, sha256$..., SHA256:..., openssl, base64):");

    public static readonly AdminAction Revoke = new("revoke", AdminArgument.Fingerprint, "Fingerprint to remove from the allow-list:");

    public static readonly AdminAction Ban = new("ban", AdminArgument.AccountName, "Account name to ban:");

    public static readonly AdminAction Unban = new("unban", AdminArgument.AccountName, "Account name to unban:");

    public static readonly AdminAction Promote = new("promote", AdminArgument.AccountName, "Account name to make an admin:");

    public static readonly AdminAction Demote = new("demote", AdminArgument.AccountName, "Admin account name to make a user again:");

    public static readonly AdminAction RevokeCertificate = new("revoke-cert", AdminArgument.IssuedCertificate,
        "Serial number or fingerprint of the issued certificate to revoke:");

    public static readonly IReadOnlyList<AdminAction> All = [Allow, Revoke, Ban, Unban, Promote, Demote, RevokeCertificate];

    private AdminAction(string verb, AdminArgument argument, string prompt)
    {
        Verb = verb;
        Argument = argument;
        Prompt = prompt;
    }

    /// <summary>The word in /admin/&lt;verb&gt; and on the command line.</summary>
    public string Verb { get; }

    public AdminArgument Argument { get; }

    public string Prompt { get; }

    public static bool TryFind(string verb, out AdminAction action)
    {
        action = All.FirstOrDefault(a => string.Equals(a.Verb, verb, StringComparison.Ordinal))!;
        return action is not null;
    }

    public AdminOutcome Run(IAccountStore accounts, IAllowList allowList, string argument, string actor, DateTimeOffset now) =>
        Run(accounts, allowList, null, argument, actor, now);

    public AdminOutcome Run(IAccountStore accounts, IAllowList allowList, IIssuedCertificates? issued, string argument, string actor, DateTimeOffset now)
    {
        if (Argument == AdminArgument.IssuedCertificate)
        {
            return RevokeIssued(issued, argument, actor, now);
        }

        if (Argument == AdminArgument.Fingerprint)
        {
            if (!Fingerprint.TryParse(argument, out var fingerprint))
            {
                return new AdminOutcome(false, $"'{Clip(argument)}' is not a SHA-256 fingerprint.");
            }

            if (this == Allow)
            {
                return allowList.Allow(fingerprint, actor, now)
                    ? new AdminOutcome(true, $"Allowed {fingerprint.Hex}.")
                    : new AdminOutcome(true, $"{fingerprint.Hex} was already allowed.");
            }

            return allowList.Revoke(fingerprint, actor, now)
                ? new AdminOutcome(true, $"Revoked {fingerprint.Hex}.")
                : new AdminOutcome(false, $"{fingerprint.Hex} is not on the allow-list kept in the database.");
        }

        var account = accounts.FindAccount(argument);
        if (account is null)
        {
            return new AdminOutcome(false, $"There is no account named '{Clip(argument)}'.");
        }

        var name = account.Name.Value;
        var (changed, done) = Verb switch
        {
            "ban" => (accounts.SetBanned(name, true, actor, now), "banned"),
            "unban" => (accounts.SetBanned(name, false, actor, now), "unbanned"),
            "promote" => (accounts.SetRole(name, AccountRole.Admin, actor, now), "an admin"),
            _ => (accounts.SetRole(name, AccountRole.User, actor, now), "a user"),
        };
        return new AdminOutcome(true, changed ? $"{account.Name} is now {done}." : $"{account.Name} was already {done}.");
    }

    public override string ToString() => Verb;

    private static AdminOutcome RevokeIssued(IIssuedCertificates? issued, string argument, string actor, DateTimeOffset now)
    {
        var (outcome, certificate) = issued?.Revoke(argument, actor, now) ?? (RevokeOutcome.Unknown, null);
        return outcome switch
        {
            RevokeOutcome.Revoked => new AdminOutcome(true,
                $"Revoked certificate {certificate!.Serial} of {certificate.Account} (fingerprint {certificate.Fingerprint.Hex}); it is refused from the next request on."),
            RevokeOutcome.AlreadyRevoked => new AdminOutcome(true,
                $"Certificate {certificate!.Serial} of {certificate.Account} was already revoked on {Access.RefusalMessages.Format(certificate.Revoked!.Value)}."),
            _ => new AdminOutcome(false, $"'{Clip(argument)}' is not the serial number or fingerprint of a certificate this wiki issued."),
        };
    }

    private static string Clip(string text) => new(text.Where(c => !char.IsControl(c)).Take(80).ToArray());
}
