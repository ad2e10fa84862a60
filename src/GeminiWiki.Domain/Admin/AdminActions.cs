using GeminiWiki.Domain.Identity;

namespace GeminiWiki.Domain.Admin;

/// <summary>The outcome of an admin action, in words for the admin.</summary>
public sealed record AdminOutcome(bool Succeeded, string Message);

/// <summary>
/// The admin operations shared by the /admin pages and the command line: parse the argument, change
/// the store, and audit the change (the store writes the audit entry in the same transaction).
/// </summary>
public static class AdminActions
{
    public static readonly IReadOnlyDictionary<string, string> Prompts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["allow"] = "Fingerprint to allow (any form: hex, sha256$..., SHA256:..., openssl, base64):",
        ["revoke"] = "Fingerprint to remove from the allow-list:",
        ["ban"] = "Account name to ban:",
        ["unban"] = "Account name to unban:",
        ["promote"] = "Account name to make an admin:",
        ["demote"] = "Admin account name to make a user again:",
    };

    public static bool IsAction(string name) => Prompts.ContainsKey(name);

    public static AdminOutcome Run(IdentityStore store, string action, string argument, string actor, DateTimeOffset now)
    {
        switch (action)
        {
            case "allow" or "revoke":
                if (!Fingerprint.TryParse(argument, out var fingerprint))
                {
                    return new AdminOutcome(false, $"'{Clip(argument)}' is not a SHA-256 fingerprint.");
                }

                return action == "allow"
                    ? store.Allow(fingerprint, actor, now)
                        ? new AdminOutcome(true, $"Allowed {fingerprint.Hex}.")
                        : new AdminOutcome(true, $"{fingerprint.Hex} was already allowed.")
                    : store.Revoke(fingerprint, actor, now)
                        ? new AdminOutcome(true, $"Revoked {fingerprint.Hex}.")
                        : new AdminOutcome(false, $"{fingerprint.Hex} is not on the allow-list kept in the database.");

            case "ban" or "unban" or "promote" or "demote":
                var account = store.FindAccount(argument);
                if (account is null)
                {
                    return new AdminOutcome(false, $"There is no account named '{Clip(argument)}'.");
                }

                var changed = action switch
                {
                    "ban" => store.SetBanned(account.Name.Value, true, actor, now),
                    "unban" => store.SetBanned(account.Name.Value, false, actor, now),
                    "promote" => store.SetRole(account.Name.Value, AccountRole.Admin, actor, now),
                    _ => store.SetRole(account.Name.Value, AccountRole.User, actor, now),
                };
                var done = action switch
                {
                    "ban" => "banned",
                    "unban" => "unbanned",
                    "promote" => "an admin",
                    _ => "a user",
                };
                return new AdminOutcome(true, changed ? $"{account.Name} is now {done}." : $"{account.Name} was already {done}.");

            default:
                return new AdminOutcome(false, $"Unknown action '{Clip(action)}'. Actions: {string.Join(", ", Prompts.Keys)}.");
        }
    }

    private static string Clip(string text) => new(text.Where(c => !char.IsControl(c)).Take(80).ToArray());
}
