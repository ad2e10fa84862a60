using GeminiWiki.Domain.Access;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Identity;

/// <summary>
/// /register, /login and the /account pages. They all live under the capsule root so that a
/// certificate activated for the capsule covers every one of them.
/// </summary>
public sealed class IdentityRoutes(
    IdentityAccessGate gate,
    IdentityStore store,
    RegistrationLimiter limiter,
    IAccessPolicySource policies,
    TimeProvider time,
    string language) : IRouteModule
{
    public void MapRoutes(RouteTable routes)
    {
        routes.Map("/register", (request, _) => ValueTask.FromResult(Register(request)));
        routes.Map("/login", (request, _) => ValueTask.FromResult(Login(request)));
        routes.Map("/account", (request, _) => ValueTask.FromResult(AccountPage(request)));
        routes.Map("/account/link", (request, _) => ValueTask.FromResult(Link(request)));
        routes.Map("/account/unlink", (request, _) => ValueTask.FromResult(Unlink(request)));
    }

    public GeminiResponse Register(GeminiRequest request)
    {
        var check = gate.Check(request, AccessRequirement.Certificate);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        if (check.Account is not null)
        {
            return GeminiResponse.Redirect("/account");
        }

        var certificate = check.Certificate!;
        var commonName = certificate.CommonName;
        var prompt = string.IsNullOrWhiteSpace(commonName)
            ? "Choose a username (2-32 letters, digits, - _ .):"
            : $"Choose a username (2-32 letters, digits, - _ .), or leave it empty to use your certificate's name '{commonName}':";
        if (request.Query is null)
        {
            return GeminiResponse.Input(prompt);
        }

        if (request.DecodedQuery is not { } answer)
        {
            return GeminiResponse.Input("That answer could not be read as UTF-8. " + prompt);
        }

        var wanted = string.IsNullOrWhiteSpace(answer) ? commonName : answer;
        if (!AccountName.TryCreate(wanted, out var name, out var problem))
        {
            return GeminiResponse.Input($"'{OneLine(wanted)}' cannot be used: {problem} {prompt}");
        }

        if (limiter.RetryAfter(request.RemoteEndPoint?.Address, policies.Current.RegistrationsPerIpPerHour) is { } wait)
        {
            return GeminiResponse.SlowDown((int)Math.Ceiling(wait.TotalSeconds));
        }

        var result = store.Register(name, certificate, time.GetUtcNow());
        switch (result.Outcome)
        {
            case RegistrationOutcome.NameTaken:
                return GeminiResponse.Input($"The name '{name}' is taken. {prompt}");
            case RegistrationOutcome.Created:
                limiter.Record(request.RemoteEndPoint?.Address);
                return GeminiResponse.Redirect("/account");
            default:
                return GeminiResponse.Redirect("/account");
        }
    }

    public GeminiResponse Login(GeminiRequest request)
    {
        var check = gate.Check(request, AccessRequirement.Certificate);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        return check.Account is null
            ? RefusalMessages.For(Refusal.NotRegistered, check.Certificate!.Fingerprint, null)
            : GeminiResponse.Redirect("/");
    }

    public GeminiResponse AccountPage(GeminiRequest request)
    {
        if (RequireAccount(request, out var check) is { } refusal)
        {
            return refusal;
        }

        var account = check.Account!;
        var current = check.Certificate!;
        var page = new GemtextBuilder()
            .Heading($"Account {account.Name}")
            .ListItem($"Role: {(account.Role == AccountRole.Admin || check.Visitor.IsAdmin ? "admin" : "user")}")
            .ListItem($"Created: {RefusalMessages.Format(account.Created)}")
            .Blank()
            .Heading("The certificate you are using", 2)
            .ListItem($"Subject: {current.Subject}")
            .ListItem($"Issuer: {current.Issuer}")
            .ListItem($"Serial number: {current.SerialNumber}")
            .ListItem($"Valid from {RefusalMessages.Format(current.NotBefore)} to {RefusalMessages.Format(current.NotAfter)}")
            .ListItem($"Fingerprint (SHA-256): {current.Fingerprint.Hex}")
            .Blank()
            .Heading("Linked certificates", 2);

        foreach (var linked in store.CertificatesOf(account.Id))
        {
            var inUse = linked.Fingerprint == current.Fingerprint;
            page.ListItem($"{linked.Fingerprint.Short} {linked.Subject}, valid until {RefusalMessages.Format(linked.NotAfter)}, " +
                $"last seen {RefusalMessages.Format(linked.LastSeen)}{(inUse ? " (in use now)" : string.Empty)}");
            if (!inUse)
            {
                page.Link($"/account/unlink?{linked.Fingerprint.Hex}", $"Remove {linked.Fingerprint.Short}");
            }
        }

        page.Blank()
            .Link("/account/link", "Link another certificate (a new one, or another device)");
        if (check.Visitor.IsAdmin)
        {
            page.Link("/admin", "Admin");
        }

        page.Link("/", "Home");
        return GeminiResponse.Gemtext(page.ToString(), language);
    }

    public GeminiResponse Link(GeminiRequest request)
    {
        var check = gate.Check(request, AccessRequirement.Certificate);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        const string prompt = "Enter the link code shown at /account/link to your already linked certificate:";
        if (request.Query is not null)
        {
            if (string.IsNullOrWhiteSpace(request.DecodedQuery))
            {
                return GeminiResponse.Input(prompt);
            }

            var (outcome, account) = store.RedeemLinkCode(request.DecodedQuery, check.Certificate!, time.GetUtcNow());
            return outcome switch
            {
                LinkOutcome.Linked when account is not null => GeminiResponse.Redirect("/account"),
                LinkOutcome.CertificateAlreadyLinked => GeminiResponse.PermanentFailure(
                    "This certificate is already linked to an account. Use a certificate that is not linked yet."),
                _ => GeminiResponse.Input("That code is unknown or expired (codes last 10 minutes and work once). " + prompt),
            };
        }

        if (check.Account is null)
        {
            return GeminiResponse.Input(prompt);
        }

        var code = store.CreateLinkCode(check.Account.Id, time.GetUtcNow());
        var page = new GemtextBuilder()
            .Heading("Link another certificate")
            .Text($"Your one-time link code: {code}")
            .Blank()
            .Text($"It works once, for {IdentityStore.LinkCodeLifetime.TotalMinutes:0} minutes. Switch your client to the new certificate " +
                $"(activated for this whole capsule), open /account/link and enter the code. The new certificate then belongs to {check.Account.Name}.")
            .Blank()
            .Link($"/account/link?{code}", "Or follow this link with the new certificate active")
            .Link("/account", "Back to your account");
        return GeminiResponse.Gemtext(page.ToString(), language);
    }

    public GeminiResponse Unlink(GeminiRequest request)
    {
        if (RequireAccount(request, out var check) is { } refusal)
        {
            return refusal;
        }

        const string prompt = "Fingerprint of the certificate to remove from your account:";
        if (string.IsNullOrWhiteSpace(request.DecodedQuery))
        {
            return GeminiResponse.Input(prompt);
        }

        if (!Fingerprint.TryParse(request.DecodedQuery, out var fingerprint))
        {
            return GeminiResponse.Input("That is not a SHA-256 fingerprint. " + prompt);
        }

        if (fingerprint == check.Certificate!.Fingerprint)
        {
            return GeminiResponse.PermanentFailure(
                "You are using that certificate right now. Connect with another linked certificate to remove it.");
        }

        return store.Unlink(check.Account!.Id, fingerprint)
            ? GeminiResponse.Redirect("/account")
            : GeminiResponse.Input($"{fingerprint.Short} is not one of your certificates. {prompt}");
    }

    private GeminiResponse? RequireAccount(GeminiRequest request, out AccessCheck check)
    {
        check = gate.Check(request, AccessRequirement.Certificate);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        return check.Account is null ? RefusalMessages.For(Refusal.NotRegistered, check.Certificate!.Fingerprint, null) : null;
    }

    private static string OneLine(string text) => new(text.Where(c => !char.IsControl(c)).Take(64).ToArray());
}
