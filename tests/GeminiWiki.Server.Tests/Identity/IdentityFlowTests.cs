using System.Security.Authentication;
using System.Text.RegularExpressions;
using GeminiWiki.Domain.Identity;

namespace GeminiWiki.Server.Tests.Identity;

/// <summary>The identity features as a person with a Gemini client meets them, over real TLS.</summary>
public sealed partial class IdentityFlowTests
{
    [Fact]
    public async Task Register_see_the_account_link_a_second_certificate_and_get_allowed_by_an_admin()
    {
        using var admin = TestCertificates.Valid("admin");
        using var laptop = TestCertificates.Valid("alice");
        using var phone = TestCertificates.Valid("alice-phone");
        var laptopFingerprint = Fingerprint.Of(laptop);
        var phoneFingerprint = Fingerprint.Of(phone);
        await using var server = await IdentityTestServer.StartAsync(
            "--Identity:Edit", "AllowListed",
            "--Identity:AdminFingerprints:0", "sha256$" + Fingerprint.Of(admin).Hex);

        // No certificate: 60, telling the person to make one and activate it for the whole capsule.
        var reply = await server.GetAsync("/register", null);
        Assert.Equal(60, reply.Status);
        Assert.Contains("whole capsule", reply.Meta, StringComparison.Ordinal);

        // A certificate: asked for a name; an empty answer takes the certificate's CN.
        reply = await server.GetAsync("/register", laptop);
        Assert.Equal(10, reply.Status);
        Assert.Contains("leave it empty to use your certificate's name 'alice'", reply.Meta, StringComparison.Ordinal);
        reply = await server.GetAsync("/register?", laptop);
        Assert.Equal((30, "/account"), (reply.Status, reply.Meta));

        reply = await server.GetAsync("/account", laptop);
        Assert.Equal(20, reply.Status);
        Assert.Contains("# Account alice", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Role: user", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Subject: CN=alice", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"Fingerprint (SHA-256): {laptopFingerprint.Hex}", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"Serial number: {laptop.SerialNumber}", reply.Text, StringComparison.Ordinal);

        // Link the phone: a one-time code shown to the laptop, entered from the phone.
        reply = await server.FollowAsync("/account/link", laptop);
        Assert.Equal(20, reply.Status);
        var code = LinkCode().Match(reply.Text).Groups[1].Value;
        Assert.Equal(8, code.Length);
        reply = await server.FollowAsync("/account/link", phone);
        Assert.Equal(10, reply.Status);
        reply = await server.ConfirmAsync($"/account/link?{code}", phone);
        Assert.Equal((30, "/account"), (reply.Status, reply.Meta));
        reply = await server.GetAsync("/account", phone);
        Assert.Contains("# Account alice", reply.Text, StringComparison.Ordinal);
        Assert.Contains(laptopFingerprint.Short, reply.Text, StringComparison.Ordinal);
        Assert.Contains($"{phoneFingerprint.Short} CN=alice-phone", reply.Text, StringComparison.Ordinal);
        reply = await server.GetAsync($"/account/link?{code}", TestCertificates.Valid("third"));
        Assert.Equal(10, reply.Status);
        Assert.Contains("unknown or expired", reply.Meta, StringComparison.Ordinal);

        // Editing needs the allow-list: refused with the fingerprint and what to do.
        reply = await server.GetAsync("/probe/edit", laptop);
        Assert.Equal(61, reply.Status);
        Assert.Contains(laptopFingerprint.Short, reply.Meta, StringComparison.Ordinal);
        Assert.Contains("Ask an admin", reply.Meta, StringComparison.Ordinal);

        // The admin sees the refusal with a one-step allow link and follows it.
        reply = await server.GetAsync("/admin", admin);
        Assert.Equal(20, reply.Status);
        Assert.Contains($"=> /admin/allow?{laptopFingerprint.Hex} Allow {laptopFingerprint.Short} (CN \"alice\"", reply.Text, StringComparison.Ordinal);
        reply = await server.ConfirmAsync($"/admin/allow?{laptopFingerprint.Hex}", admin);
        Assert.Equal((30, "/admin"), (reply.Status, reply.Meta));

        // Now both of alice's certificates can do what was refused, and the edit is hers.
        reply = await server.GetAsync("/probe/edit", laptop);
        Assert.Equal((20, "edited as alice\n"), (reply.Status, reply.Text));
        reply = await server.GetAsync("/probe/edit", phone);
        Assert.Equal((20, "edited as alice\n"), (reply.Status, reply.Text));

        reply = await server.GetAsync("/admin", admin);
        Assert.Contains($"=> /admin/revoke?{laptopFingerprint.Hex} Revoke {laptopFingerprint.Short}", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"fingerprint {Fingerprint.Of(admin).Short}: allow {laptopFingerprint.Hex}", reply.Text, StringComparison.Ordinal);

        // Rotation: the phone removes the laptop's certificate; the laptop is a stranger again.
        reply = await server.ConfirmAsync($"/account/unlink?{phoneFingerprint.Hex}", phone);
        Assert.Equal(50, reply.Status);
        reply = await server.ConfirmAsync($"/account/unlink?{laptopFingerprint.Hex}", phone);
        Assert.Equal((30, "/account"), (reply.Status, reply.Meta));
        reply = await server.GetAsync("/account", laptop);
        Assert.Equal(61, reply.Status);
        Assert.Contains("/register", reply.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_code_stops_working_after_ten_minutes()
    {
        await using var server = await IdentityTestServer.StartAsync();
        using var old = TestCertificates.Valid("dave");
        using var replacement = TestCertificates.Valid("dave-new");
        await server.GetAsync("/register?dave", old);
        var code = LinkCode().Match((await server.FollowAsync("/account/link", old)).Text).Groups[1].Value;

        server.Time.Advance(TimeSpan.FromMinutes(10));

        var reply = await server.GetAsync($"/account/link?{code}", replacement);
        Assert.Equal(10, reply.Status);
        Assert.Contains("unknown or expired", reply.Meta, StringComparison.Ordinal);
        Assert.Equal(61, (await server.GetAsync("/account", replacement)).Status);
    }

    [Fact]
    public async Task A_name_is_validated_and_the_prompt_says_why()
    {
        await using var server = await IdentityTestServer.StartAsync();
        using var first = TestCertificates.Valid("first");
        using var second = TestCertificates.Valid("Second Person");

        Assert.Equal((30, "/account"), Summary(await server.GetAsync("/register?Alice", first)));
        Assert.Equal((30, "/account"), Summary(await server.GetAsync("/register", first)));

        var reply = await server.GetAsync("/register?ALICE", second);
        Assert.Equal(10, reply.Status);
        Assert.Contains("'ALICE' is taken", reply.Meta, StringComparison.Ordinal);
        reply = await server.GetAsync("/register?Admin", second);
        Assert.Equal(10, reply.Status);
        Assert.Contains("reserved", reply.Meta, StringComparison.Ordinal);
        reply = await server.GetAsync("/register?%3D%3E%20evil", second);
        Assert.Equal(10, reply.Status);
        Assert.Contains("only letters", reply.Meta, StringComparison.Ordinal);
        reply = await server.GetAsync("/register?", second);
        Assert.Equal(10, reply.Status);
        Assert.Contains("'Second Person' cannot be used", reply.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_creation_is_rate_limited_per_address_with_the_seconds_to_wait()
    {
        await using var server = await IdentityTestServer.StartAsync("--Identity:RegistrationsPerIpPerHour", "1");
        Assert.Equal(30, (await server.GetAsync("/register?one", TestCertificates.Valid("one"))).Status);

        using var two = TestCertificates.Valid("two");
        Assert.Equal((44, "3600"), Summary(await server.GetAsync("/register?two", two)));

        server.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal((44, "60"), Summary(await server.GetAsync("/register?two", two)));
        server.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((30, "/account"), Summary(await server.GetAsync("/register?two", two)));
    }

    [Fact]
    public async Task Login_redirects_a_known_certificate_home_and_refuses_others()
    {
        await using var server = await IdentityTestServer.StartAsync();
        using var known = TestCertificates.Valid("known");
        await server.GetAsync("/register?known", known);

        Assert.Equal(60, (await server.GetAsync("/login", null)).Status);
        Assert.Equal(61, (await server.GetAsync("/login", TestCertificates.Valid("unknown"))).Status);
        Assert.Equal((30, "/"), Summary(await server.GetAsync("/login", known)));
    }

    [Fact]
    public async Task Expired_and_not_yet_valid_certificates_get_62_with_the_dates()
    {
        await using var server = await IdentityTestServer.StartAsync();
        var now = server.Time.GetUtcNow();
        using var expired = TestCertificates.Create("old", now.AddYears(-2), now.AddDays(-3));
        using var early = TestCertificates.Create("early", now.AddDays(2), now.AddYears(1));

        var reply = await server.GetAsync("/register", expired);
        Assert.Equal(62, reply.Status);
        Assert.Contains($"expired on {Format(expired.NotAfter)}", reply.Meta, StringComparison.Ordinal);

        reply = await server.GetAsync("/probe/edit", early);
        Assert.Equal(62, reply.Status);
        Assert.Contains($"not valid yet: it starts on {Format(early.NotBefore)}", reply.Meta, StringComparison.Ordinal);

        // Public pages still never ask.
        Assert.Equal(20, (await server.GetAsync("/probe/read", expired)).Status);
    }

    [Fact]
    public async Task A_planted_admin_link_changes_nothing_until_the_admin_types_yes()
    {
        using var admin = TestCertificates.Valid("root-ish");
        using var mallory = TestCertificates.Valid("mallory");
        await using var server = await IdentityTestServer.StartAsync("--Identity:AdminFingerprints:0", Fingerprint.Of(admin).Hex);
        await server.GetAsync("/register?mallory", mallory);

        // Mallory wrote "=> /admin/promote?mallory" on a page; the admin follows it.
        var followed = await server.FollowAsync("/admin/promote?mallory", admin);

        Assert.Equal((10, "Type yes to promote mallory"), (followed.Status, followed.Meta));
        Assert.Equal(AccountRole.User, server.Accounts.FindAccount("mallory")!.Role);
        Assert.Empty(server.Audit.Recent());

        // The token in that URL is the admin's: mallory cannot use it herself.
        var tokenUrl = (await server.GetAsync("/admin/promote?mallory", admin)).Meta;
        Assert.Equal(61, (await server.GetAsync(tokenUrl + "?yes", mallory)).Status);

        Assert.Equal((30, "/admin"), Summary(await server.GetAsync(tokenUrl + "?yes", admin)));
        Assert.Equal(AccountRole.Admin, server.Accounts.FindAccount("mallory")!.Role);
    }

    [Fact]
    public async Task A_weak_RSA_key_gets_62_saying_what_certificate_to_make()
    {
        await using var server = await IdentityTestServer.StartAsync();
        using var weak = TestCertificates.Rsa(1024, "weak");

        var reply = await server.GetAsync("/register?weak", weak);
        Assert.Equal(62, reply.Status);
        Assert.Contains("key (RSA 1024 bits) is too weak", reply.Meta, StringComparison.Ordinal);
        Assert.Contains("EC P-256", reply.Meta, StringComparison.Ordinal);
        Assert.Null(server.Accounts.FindAccount(Fingerprint.Of(weak)));

        // Public pages still never ask.
        Assert.Equal(20, (await server.GetAsync("/probe/read", weak)).Status);
    }

    [Fact]
    public async Task An_RSA_512_key_gets_62_over_TLS_1_2_and_never_arrives_over_TLS_1_3()
    {
        await using var server = await IdentityTestServer.StartAsync();
        using var weak = TestCertificates.Rsa(512, "weak");
        var url = $"gemini://localhost:{server.EndPoint.Port}/register?weak\r\n";

        var reply = await GeminiTestClient.RequestAsync(server.EndPoint.Port, url, weak, SslProtocols.Tls12);
        Assert.Equal(62, reply.Status);
        Assert.Contains("key (RSA 512 bits) is too weak", reply.Meta, StringComparison.Ordinal);

        // TLS 1.3 signs the handshake with RSA-PSS, which a 512-bit key is too short for: the
        // client sends no certificate, so the server can only ask for one.
        reply = await GeminiTestClient.RequestAsync(server.EndPoint.Port, url, weak, SslProtocols.Tls13);
        Assert.Equal(60, reply.Status);
    }

    [Fact]
    public async Task A_banned_account_is_refused_with_61()
    {
        using var admin = TestCertificates.Valid("root-ish");
        using var mallory = TestCertificates.Valid("mallory");
        await using var server = await IdentityTestServer.StartAsync("--Identity:AdminFingerprints:0", Fingerprint.Of(admin).Hex);
        await server.GetAsync("/register?mallory", mallory);
        Assert.Equal(20, (await server.GetAsync("/probe/edit", mallory)).Status);

        var reply = await server.FollowAsync("/admin/ban", admin);
        Assert.Equal(10, reply.Status);
        Assert.Equal((30, "/admin"), Summary(await server.ConfirmAsync("/admin/ban?Mallory", admin)));

        reply = await server.GetAsync("/probe/edit", mallory);
        Assert.Equal(61, reply.Status);
        Assert.Contains("mallory", reply.Meta, StringComparison.Ordinal);
        Assert.Contains("banned", reply.Meta, StringComparison.Ordinal);
        Assert.Equal(61, (await server.GetAsync("/account", mallory)).Status);

        Assert.Equal((30, "/admin"), Summary(await server.ConfirmAsync("/admin/unban?mallory", admin)));
        Assert.Equal(20, (await server.GetAsync("/probe/edit", mallory)).Status);
        var audit = (await server.GetAsync("/admin", admin)).Text;
        Assert.Contains($"fingerprint {Fingerprint.Of(admin).Short}: ban mallory", audit, StringComparison.Ordinal);
        Assert.Contains($"fingerprint {Fingerprint.Of(admin).Short}: unban mallory", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_admin_common_name_gets_nothing()
    {
        using var admin = TestCertificates.Valid("admin");
        using var forged = TestCertificates.Valid("admin");
        await using var server = await IdentityTestServer.StartAsync(
            "--Identity:Edit", "Admins",
            "--Identity:AdminFingerprints:0", Fingerprint.Of(admin).Hex);

        Assert.Equal(20, (await server.GetAsync("/admin", admin)).Status);
        Assert.Equal(20, (await server.GetAsync("/probe/edit", admin)).Status);

        Assert.Equal(60, (await server.GetAsync("/admin", null)).Status);
        var reply = await server.GetAsync("/admin", forged);
        Assert.Equal(61, reply.Status);
        Assert.Contains(Fingerprint.Of(forged).Short, reply.Meta, StringComparison.Ordinal);
        Assert.Equal(61, (await server.GetAsync($"/admin/allow?{Fingerprint.Of(forged).Hex}", forged)).Status);
        Assert.Equal(61, (await server.GetAsync("/probe/edit", forged)).Status);
        Assert.False(server.AllowList.Contains(Fingerprint.Of(forged)));
        Assert.Empty(server.Audit.Recent());
    }

    [Fact]
    public async Task A_denied_fingerprint_is_refused_wherever_it_would_be_identified()
    {
        using var denied = TestCertificates.Valid("denied");
        await using var server = await IdentityTestServer.StartAsync(
            "--Identity:DenyList:0", "SHA256:" + Fingerprint.Of(denied).Hex.ToUpperInvariant(),
            "--Identity:AllowList:0", Fingerprint.Of(denied).Hex);

        foreach (var path in new[] { "/register?denied", "/login", "/account", "/account/link", "/admin", "/probe/edit" })
        {
            var reply = await server.GetAsync(path, denied);
            Assert.True(reply.Status == 61, $"{path}: {reply}");
            Assert.Contains("revoked", reply.Meta, StringComparison.Ordinal);
        }

        // A public page stays readable, but the denied certificate carries no account.
        var read = await server.GetAsync("/probe/read", denied);
        Assert.Equal((20, $"read as {Fingerprint.Of(denied).Short}\n"), (read.Status, read.Text));
        Assert.Null(server.Accounts.FindAccount("denied"));
    }

    [Fact]
    public async Task A_private_wiki_asks_for_a_certificate_and_an_allow_listed_one()
    {
        using var friend = TestCertificates.Valid("friend");
        await using var server = await IdentityTestServer.StartAsync(
            "--Identity:Read", "AllowListed",
            "--Identity:AllowList:0", string.Join(':', Enumerable.Range(0, 32).Select(i => Fingerprint.Of(friend).Hex.Substring(i * 2, 2).ToUpperInvariant())));

        Assert.Equal(60, (await server.GetAsync("/probe/read", null)).Status);
        Assert.Equal(61, (await server.GetAsync("/probe/read", TestCertificates.Valid("stranger"))).Status);
        var reply = await server.GetAsync("/probe/read", friend);
        Assert.Equal((20, $"read as {Fingerprint.Of(friend).Short}\n"), (reply.Status, reply.Text));
    }

    private static (int, string) Summary(GeminiReply reply) => (reply.Status, reply.Meta);

    private static string Format(DateTime time) => Domain.Access.RefusalMessages.Format(new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero));

    [GeneratedRegex("link code: ([A-Z0-9]+)")]
    private static partial Regex LinkCode();
}
