using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Identity;

/// <summary>
/// /register, /login and the /account pages. They all live under the capsule root so that a
/// certificate activated for the capsule covers every one of them.
/// </summary>
public sealed class IdentityRoutes(
    IAccountStore accounts,
    ILinkCodes linkCodes,
    RegistrationLimiter limiter,
    LinkCodeGuesses guesses,
    IAccessPolicySource policies,
    TimeProvider time,
    string language,
    IIssuedCertificates? issued = null) : IRouteModule<Visitor>
{
    internal static readonly RouteTemplate Register = RouteTemplate.Parse("/register");
    internal static readonly RouteTemplate Login = RouteTemplate.Parse("/login");
    internal static readonly RouteTemplate Account = RouteTemplate.Parse("/account");
    internal static readonly RouteTemplate LinkCertificate = RouteTemplate.Parse("/account/link");
    internal static readonly RouteTemplate UnlinkCertificate = RouteTemplate.Parse("/account/unlink");

    public void MapRoutes(RouteTable<Visitor> routes) => routes
        .Map(Register, RouteAccess.Certificate, RegisterPage)
        .Map(Login, RouteAccess.Certificate, LoginPage)
        .Map(Account, RouteAccess.Account, AccountPage)
        .MapConfirmed(LinkCertificate, RouteAccess.Certificate, LinkPage,
            (_, code) => $"link this certificate to the account that showed link code {WikiRoutes.OneLine(code)}",
            CheckCode)
        .MapConfirmed(UnlinkCertificate, RouteAccess.Account, UnlinkPage,
            (_, fingerprint) => $"remove the certificate {WikiRoutes.OneLine(fingerprint)} from your account");

    private GeminiResponse RegisterPage(WikiCall call)
    {
        if (call.Visitor.Account is not null)
        {
            return GeminiResponse.Redirect(IdentityLinks.Account);
        }

        var certificate = call.Visitor.Certificate!;
        var commonName = certificate.CommonName;
        var prompt = string.IsNullOrWhiteSpace(commonName)
            ? "Choose a username (2-32 letters, digits, - _ .):"
            : $"Choose a username (2-32 letters, digits, - _ .), or leave it empty to use your certificate's name '{commonName}':";
        var request = call.Request;
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

        var result = accounts.Register(name, certificate, time.GetUtcNow());
        if (result.Outcome == RegistrationOutcome.NameTaken)
        {
            return GeminiResponse.Input($"The name '{name}' is taken. {prompt}");
        }

        if (result.Outcome == RegistrationOutcome.Created)
        {
            limiter.Record(request.RemoteEndPoint?.Address);
        }

        return GeminiResponse.Redirect(IdentityLinks.Account);
    }

    private static GeminiResponse LoginPage(WikiCall call) =>
        call.Visitor.Account is null
            ? RefusalMessages.For(Refusal.NotRegistered, call.Visitor.Fingerprint!.Value, null)
            : GeminiResponse.Redirect(WikiLinks.Root.Main);

    private GeminiResponse AccountPage(WikiCall call)
    {
        var visitor = call.Visitor;
        var account = visitor.Account!;
        var current = visitor.Certificate!;
        var page = new GemtextBuilder()
            .Heading($"Account {account.Name}")
            .ListItem($"Role: {(account.Role == AccountRole.Admin || visitor.IsAdmin ? "admin" : "user")}")
            .ListItem($"Created: {RefusalMessages.Format(account.Created)}")
            .Blank()
            .Heading("The certificate you are using", 2)
            .ListItem($"Subject: {current.Subject}")
            .ListItem($"Issuer: {current.Issuer}")
            .ListItem($"Serial number: {current.SerialNumber}")
            .ListItem($"Valid from {RefusalMessages.Format(current.NotBefore)} to {RefusalMessages.Format(current.NotAfter)}")
            .ListItem($"Fingerprint (SHA-256): {current.Fingerprint.Hex}");
        var issuedHere = issued?.Find(current.Fingerprint) is not null;
        if (RefusalMessages.ExpiryNotice(current, issuedHere, time.GetUtcNow()) is { } notice)
        {
            page.Blank().Text(notice);
            if (!issuedHere)
            {
                page.Link(IdentityLinks.LinkCertificate, "Link a new certificate");
            }
        }

        page.Blank()
            .Heading("Linked certificates", 2);

        foreach (var linked in accounts.CertificatesOf(account.Id))
        {
            var inUse = linked.Fingerprint == current.Fingerprint;
            page.ListItem($"{linked.Fingerprint.Short} {linked.Subject}, valid until {RefusalMessages.Format(linked.NotAfter)}, " +
                $"last seen {RefusalMessages.Format(linked.LastSeen)}{(inUse ? " (in use now)" : string.Empty)}");
            if (!inUse)
            {
                page.Link(IdentityLinks.Unlink(linked.Fingerprint), $"Remove {linked.Fingerprint.Short}");
            }
        }

        page.Blank()
            .Link(IdentityLinks.LinkCertificate, "Link another certificate (a new one, or another device)");
        if (visitor.IsAdmin)
        {
            page.Link(IdentityLinks.Admin, "Admin");
        }

        page.Link(WikiLinks.Root.Main, "Home");
        return GeminiResponse.Gemtext(page.ToString(), language);
    }

    private GeminiResponse LinkPage(WikiCall call)
    {
        var prompt = $"Enter the link code shown at {IdentityLinks.LinkCertificate} to your already linked certificate:";
        var visitor = call.Visitor;
        var request = call.Request;
        if (request.Query is not null)
        {
            if (string.IsNullOrWhiteSpace(request.DecodedQuery))
            {
                return GeminiResponse.Input(prompt);
            }

            var address = request.RemoteEndPoint?.Address;
            if (guesses.RetryAfter(address) is { } wait)
            {
                return GeminiResponse.SlowDown((int)Math.Ceiling(wait.TotalSeconds));
            }

            var (outcome, account) = linkCodes.Redeem(request.DecodedQuery, visitor.Certificate!, time.GetUtcNow());
            if (outcome == LinkOutcome.UnknownOrExpiredCode)
            {
                guesses.RecordWrongCode(address);
            }

            return outcome switch
            {
                LinkOutcome.Linked when account is not null => GeminiResponse.Redirect(IdentityLinks.Account),
                LinkOutcome.CertificateAlreadyLinked => GeminiResponse.PermanentFailure(
                    "This certificate is already linked to an account. Use a certificate that is not linked yet."),
                LinkOutcome.Withdrawn => WithdrawnCode,
                _ => UnknownCode,
            };
        }

        if (visitor.Account is null)
        {
            return GeminiResponse.Input(prompt);
        }

        var code = linkCodes.Create(visitor.Account.Id, time.GetUtcNow());
        var page = new GemtextBuilder()
            .Heading("Link another certificate")
            .Text($"Your one-time link code: {code}")
            .Blank()
            .Text($"It works once, for {ILinkCodes.Lifetime.TotalMinutes:0} minutes. Switch your client to the new certificate " +
                $"(activated for this whole capsule), open {IdentityLinks.LinkCertificate} and enter the code. The new certificate then belongs to {visitor.Account.Name}.")
            .Blank()
            .Link(IdentityLinks.LinkWithCode(code), "Or follow this link with the new certificate active")
            .Link(IdentityLinks.Account, "Back to your account");
        return GeminiResponse.Gemtext(page.ToString(), language);
    }

    private GeminiResponse UnlinkPage(WikiCall call)
    {
        const string prompt = "Fingerprint of the certificate to remove from your account:";
        var request = call.Request;
        if (string.IsNullOrWhiteSpace(request.DecodedQuery))
        {
            return GeminiResponse.Input(prompt);
        }

        if (!Fingerprint.TryParse(request.DecodedQuery, out var fingerprint))
        {
            return GeminiResponse.Input("That is not a SHA-256 fingerprint. " + prompt);
        }

        if (fingerprint == call.Visitor.Fingerprint)
        {
            return GeminiResponse.PermanentFailure(
                "You are using that certificate right now. Connect with another linked certificate to remove it.");
        }

        return accounts.Unlink(call.Visitor.Account!.Id, fingerprint)
            ? GeminiResponse.Redirect(IdentityLinks.Account)
            : GeminiResponse.Input($"{fingerprint.Short} is not one of your certificates. {prompt}");
    }

    /// <summary>
    /// A code proposed by a link or typed in, checked before any confirmation: guesses are limited
    /// per address, and a code that can never work is refused at once.
    /// </summary>
    private GeminiResponse? CheckCode(WikiCall call, string code)
    {
        var address = call.Request.RemoteEndPoint?.Address;
        if (guesses.RetryAfter(address) is { } wait)
        {
            return GeminiResponse.SlowDown((int)Math.Ceiling(wait.TotalSeconds));
        }

        switch (linkCodes.Try(code, time.GetUtcNow()))
        {
            case LinkOutcome.UnknownOrExpiredCode:
                guesses.RecordWrongCode(address);
                return UnknownCode;
            case LinkOutcome.Withdrawn:
                return WithdrawnCode;
            default:
                return null;
        }
    }

    private static GeminiResponse WithdrawnCode => GeminiResponse.Input(
        "That code was withdrawn: too many wrong codes were tried while it was waiting. " +
        $"Get a new one at {IdentityLinks.LinkCertificate} with your linked certificate. Enter the link code shown at {IdentityLinks.LinkCertificate} to your already linked certificate:");

    private static GeminiResponse UnknownCode => GeminiResponse.Input(
        $"That code is unknown or expired (codes last {ILinkCodes.Lifetime.TotalMinutes:0} minutes and work once). Enter the link code shown at {IdentityLinks.LinkCertificate} to your already linked certificate:");

    private static string OneLine(string text) => new(text.Where(c => !char.IsControl(c)).Take(64).ToArray());
}

/// <summary>Links to the identity and admin pages, built from the templates they are mapped with.</summary>
public static class IdentityLinks
{
    public static string Register => IdentityRoutes.Register.Link();

    public static string Login => IdentityRoutes.Login.Link();

    public static string Account => IdentityRoutes.Account.Link();

    public static string LinkCertificate => IdentityRoutes.LinkCertificate.Link();

    public static string LinkWithCode(string code) => LinkCertificate + "?" + Protocol.Requests.PercentEncoding.EncodeQuery(code);

    public static string Unlink(Fingerprint fingerprint) => IdentityRoutes.UnlinkCertificate.Link() + "?" + fingerprint.Hex;

    public static string Admin => GeminiWiki.Domain.Admin.AdminRoutes.Overview.Link();

    public static string AuthorityCertificate => Authority.CertificateAuthorityRoutes.Certificate.Link();

    public static string RevocationList => Authority.CertificateAuthorityRoutes.RevocationList.Link();
}
