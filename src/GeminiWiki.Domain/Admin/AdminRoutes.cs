using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Admin;

/// <summary>
/// /admin and /admin/{action}?{argument}: every action is one link an admin can follow, and each
/// one is audited. The routes are for admins only; anyone else gets 60 or 61 from the dispatcher.
/// </summary>
public sealed class AdminRoutes(
    IAccountStore accounts,
    IAllowList allowList,
    IRefusalLog refusals,
    IAuditLog audit,
    IAccessPolicySource policies,
    RevisionDamage damage,
    TimeProvider time,
    string language,
    IIssuedCertificates? issued = null) : IRouteModule<Visitor>
{
    internal static readonly RouteTemplate Overview = RouteTemplate.Parse("/admin");
    internal static readonly RouteTemplate Action = RouteTemplate.Parse("/admin/{action}");

    private static readonly RouteParameter<string> Verb = RouteParameters.Text("action");

    public void MapRoutes(RouteTable<Visitor> routes) => routes
        .Map(Overview, RouteAccess.Admin, OverviewPage)
        .MapConfirmed(Action, RouteAccess.Admin, Act, (call, argument) => $"{call.Values.Get(Verb)} {Wiki.WikiRoutes.OneLine(argument)}", Verb);

    /// <summary>The link that runs <paramref name="action"/> on <paramref name="argument"/>, or prompts for one.</summary>
    public static string Link(AdminAction action, string? argument = null) =>
        Action.Link(action.Verb) + (argument is null ? string.Empty : "?" + PercentEncoding.EncodeQuery(argument));

    private GeminiResponse OverviewPage(WikiCall call)
    {
        var policy = policies.Current;
        var page = new GemtextBuilder()
            .Heading("Admin")
            .Text($"Reading: {policy.Read}. Editing: {policy.Edit}.")
            .Blank()
            .Heading("Damaged revisions", 2);
        var damaged = damage.Found;
        if (damaged.Count == 0)
        {
            page.Text("None found since the server started.");
        }
        else
        {
            // These are answered with 40; run `check` with the server stopped for the full report.
            page.Text("Their stored text fails its checksum, so they are answered with 40. Restore a backup, or save the page again.");
        }

        foreach (var entry in damaged)
        {
            page.Link(WikiLinks.Root.History(entry.Name), $"Revision {entry.Revision} of {entry.Name.Value}: {entry.Reason} (found {RefusalMessages.Format(entry.Found)})");
        }

        page.Blank().Heading("Recently refused certificates", 2);
        var refused = refusals.Recent();
        if (refused.Count == 0)
        {
            page.Text("None.");
        }

        foreach (var entry in refused)
        {
            page.Link(Link(AdminAction.Allow, entry.Fingerprint.Hex),
                $"Allow {entry.Fingerprint.Short} (CN \"{entry.CommonName}\", refused {entry.Count} times, last {RefusalMessages.Format(entry.LastSeen)})");
        }

        page.Link(Link(AdminAction.Allow), "Allow a fingerprint…").Blank().Heading("Allow-list", 2);
        foreach (var entry in allowList.List())
        {
            page.Link(Link(AdminAction.Revoke, entry.Fingerprint.Hex),
                $"Revoke {entry.Fingerprint.Short}{(entry.CommonName is null ? string.Empty : $" (CN \"{entry.CommonName}\")")}, allowed by {entry.AddedBy} on {RefusalMessages.Format(entry.Added)}");
        }

        foreach (var fingerprint in policy.AllowList)
        {
            page.ListItem($"{fingerprint.Short} (from gemini.json; edit the file to remove it)");
        }

        foreach (var fingerprint in policy.DenyList)
        {
            page.ListItem($"{fingerprint.Short} is on the deny-list in gemini.json");
        }

        if (policy.TrustedIssuer?.Revocations is { Problem: { } problem } crl)
        {
            // The CRL is re-read outside any settings change, so a bad file is reported here rather than at a reload.
            page.Blank().Text($"The trusted CA's CRL {crl.Path} could not be read; the last good list stays in force. {problem}");
        }

        page.Blank().Heading("Accounts", 2);
        foreach (var account in accounts.ListAccounts())
        {
            var name = account.Name.Value;
            page.ListItem($"{account.Name}: {account.Role.ToString().ToLowerInvariant()}{(account.Banned ? ", banned" : string.Empty)}, created {RefusalMessages.Format(account.Created)}");
            page.Link(Link(account.Banned ? AdminAction.Unban : AdminAction.Ban, name), $"{(account.Banned ? "Unban" : "Ban")} {account.Name}");
            page.Link(Link(account.Role == AccountRole.Admin ? AdminAction.Demote : AdminAction.Promote, name),
                $"{(account.Role == AccountRole.Admin ? "Demote" : "Promote")} {account.Name}");
        }

        if (issued is not null)
        {
            IssuedSection(page, issued.List());
        }

        page.Blank().Heading("Audit log", 2);
        foreach (var entry in audit.Recent())
        {
            page.ListItem($"{RefusalMessages.Format(entry.Time)} {entry.Actor}: {entry.Action} {entry.Target}");
        }

        return GeminiResponse.Gemtext(page.ToString(), language);
    }

    private void IssuedSection(GemtextBuilder page, IReadOnlyList<IssuedCertificate> certificates)
    {
        page.Blank().Heading("Issued certificates", 2);
        if (certificates.Count == 0)
        {
            page.Text("None. Issue one with `geminiwiki issue <account>` on the server.");
        }

        var now = time.GetUtcNow();
        foreach (var certificate in certificates)
        {
            var state = certificate.Revoked is { } revoked ? $"revoked on {RefusalMessages.Format(revoked)} by {certificate.RevokedBy}"
                : certificate.NotAfter < now ? $"expired on {RefusalMessages.Format(certificate.NotAfter)}"
                : $"expires {RefusalMessages.Format(certificate.NotAfter)}";
            var line = $"Serial {certificate.Serial}, account {certificate.Account}, {state}";
            if (certificate.IsRevoked)
            {
                page.ListItem(line);
            }
            else
            {
                page.Link(Link(AdminAction.RevokeCertificate, certificate.Serial), $"Revoke: {line}");
            }
        }

        page.Link(IdentityLinks.AuthorityCertificate, "The wiki's CA certificate").Link(IdentityLinks.RevocationList, "Its revocation list (CRL)");
    }

    private GeminiResponse Act(WikiCall call)
    {
        var verb = call.Values.Get(Verb);
        if (!AdminAction.TryFind(verb, out var action))
        {
            return GeminiResponse.NotFound($"There is no admin action '{verb}'.");
        }

        if (string.IsNullOrWhiteSpace(call.Request.DecodedQuery))
        {
            return GeminiResponse.Input(action.Prompt);
        }

        var argument = call.Request.DecodedQuery.Trim();
        var visitor = call.Visitor;
        if ((action == AdminAction.Ban || action == AdminAction.Demote) && string.Equals(argument, visitor.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            return GeminiResponse.Input($"You cannot {action.Verb} your own account. {action.Prompt}");
        }

        if (action == AdminAction.RevokeCertificate && issued?.Find(argument) is { } target && target.Fingerprint == visitor.Fingerprint)
        {
            return GeminiResponse.Input($"That is the certificate you are using; revoke it from another one, or with `geminiwiki revoke-cert` on the server. {action.Prompt}");
        }

        var actor = visitor.AccountName ?? $"fingerprint {visitor.Fingerprint!.Value.Short}";
        var outcome = action.Run(accounts, allowList, issued, argument, actor, time.GetUtcNow());
        return outcome.Succeeded ? GeminiResponse.Redirect(Overview.Link()) : GeminiResponse.Input($"{outcome.Message} {action.Prompt}");
    }
}
