using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Admin;

/// <summary>
/// /admin and /admin/{action}?{argument}: every action is one link an admin can follow, and each
/// one is audited. Anyone else gets 60 or 61.
/// </summary>
public sealed class AdminRoutes(
    IdentityAccessGate gate,
    IdentityStore store,
    IAccessPolicySource policies,
    TimeProvider time,
    string language) : IRouteModule
{
    public void MapRoutes(RouteTable routes)
    {
        routes.Map("/admin", (request, _) => ValueTask.FromResult(Overview(request)));
        routes.Map("/admin/{action}", (request, _) => ValueTask.FromResult(Act(request)));
    }

    public GeminiResponse Overview(GeminiRequest request)
    {
        var check = gate.Check(request, AccessRequirement.Admin);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        var policy = policies.Current;
        var page = new GemtextBuilder()
            .Heading("Admin")
            .Text($"Reading: {policy.Read}. Editing: {policy.Edit}.")
            .Blank()
            .Heading("Recently refused certificates", 2);
        var refused = store.RecentRefusals();
        if (refused.Count == 0)
        {
            page.Text("None.");
        }

        foreach (var entry in refused)
        {
            page.Link($"/admin/allow?{entry.Fingerprint.Hex}",
                $"Allow {entry.Fingerprint.Short} (CN \"{entry.CommonName}\", refused {entry.Count} times, last {RefusalMessages.Format(entry.LastSeen)})");
        }

        page.Link("/admin/allow", "Allow a fingerprint…").Blank().Heading("Allow-list", 2);
        foreach (var entry in store.ListAllowed())
        {
            page.Link($"/admin/revoke?{entry.Fingerprint.Hex}",
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

        page.Blank().Heading("Accounts", 2);
        foreach (var account in store.ListAccounts())
        {
            page.ListItem($"{account.Name}: {account.Role.ToString().ToLowerInvariant()}{(account.Banned ? ", banned" : string.Empty)}, created {RefusalMessages.Format(account.Created)}");
            var name = PercentEncoding.EncodeQuery(account.Name.Value);
            page.Link(account.Banned ? $"/admin/unban?{name}" : $"/admin/ban?{name}", $"{(account.Banned ? "Unban" : "Ban")} {account.Name}");
            page.Link(account.Role == AccountRole.Admin ? $"/admin/demote?{name}" : $"/admin/promote?{name}",
                $"{(account.Role == AccountRole.Admin ? "Demote" : "Promote")} {account.Name}");
        }

        page.Blank().Heading("Audit log", 2);
        foreach (var entry in store.RecentAudit())
        {
            page.ListItem($"{RefusalMessages.Format(entry.Time)} {entry.Actor}: {entry.Action} {entry.Target}");
        }

        return GeminiResponse.Gemtext(page.ToString(), language);
    }

    public GeminiResponse Act(GeminiRequest request)
    {
        var check = gate.Check(request, AccessRequirement.Admin);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        var action = request.RouteValues["action"];
        if (!AdminActions.Prompts.TryGetValue(action, out var prompt))
        {
            return GeminiResponse.NotFound($"There is no admin action '{action}'.");
        }

        if (string.IsNullOrWhiteSpace(request.DecodedQuery))
        {
            return GeminiResponse.Input(prompt);
        }

        var argument = request.DecodedQuery.Trim();
        var visitor = check.Visitor;
        if (action is "ban" or "demote" && string.Equals(argument, visitor.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            return GeminiResponse.Input($"You cannot {action} your own account. {prompt}");
        }

        var actor = visitor.AccountName ?? $"fingerprint {visitor.Fingerprint!.Value.Short}";
        var outcome = AdminActions.Run(store, action, argument, actor, time.GetUtcNow());
        return outcome.Succeeded ? GeminiResponse.Redirect("/admin") : GeminiResponse.Input($"{outcome.Message} {prompt}");
    }
}
