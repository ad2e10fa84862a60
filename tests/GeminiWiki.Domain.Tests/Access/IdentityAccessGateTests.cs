using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Tests.Identity;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Domain.Tests.Access;

public sealed class IdentityAccessGateTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FixedPolicy _policy = new();
    private readonly IdentityAccessGate _gate;

    public IdentityAccessGateTests() => _gate = new IdentityAccessGate(_db.Accounts, _db.AllowList, _db.Refusals, _policy, _time);

    public void Dispose() => _db.Dispose();

    private static GeminiRequest Request(X509Certificate2? certificate) => new()
    {
        Url = "gemini://localhost/page/x",
        Scheme = GeminiScheme.Gemini,
        Host = "localhost",
        Path = "/page/x",
        Client = certificate is null ? null : ClientCertificate.From(certificate),
    };

    /// <summary>What the dispatcher does for a route of <paramref name="access"/>: identify once, then ask.</summary>
    private Outcome Check(X509Certificate2? certificate, RouteAccess access)
    {
        var visitor = _gate.Identify(Request(certificate));
        return new Outcome(visitor, _gate.Refuse(visitor, access));
    }

    private sealed record Outcome(Visitor Visitor, GeminiResponse? Refusal)
    {
        public bool IsAllowed => Refusal is null;
    }

    private Account Register(X509Certificate2 certificate, string name)
    {
        AccountName.TryCreate(name, out var accountName, out _);
        return _db.Accounts.Register(accountName, CertificateDetails.TryRead(certificate)!, _time.GetUtcNow()).Account!;
    }

    private void Configure(IdentityOptions options) =>
        _policy.Current = AccessPolicy.Compile(options, Path.GetTempPath(), out _);

    [Fact]
    public void Public_reading_never_asks_for_a_certificate()
    {
        var result = Check(null, RouteAccess.Read);
        Assert.True(result.IsAllowed);
        Assert.Equal(Visitor.Anonymous, result.Visitor);
    }

    [Fact]
    public void Editing_without_a_certificate_is_60_with_what_to_do()
    {
        var refusal = Check(null, RouteAccess.Edit).Refusal;
        Assert.Equal(GeminiStatus.ClientCertificateRequired, refusal!.Status);
        Assert.Contains("activate it for this whole capsule", refusal.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_certificate_is_62_naming_the_expiry_date()
    {
        var notAfter = new DateTimeOffset(2025, 3, 4, 5, 6, 0, TimeSpan.Zero);
        using var expired = TestCertificates.SelfSigned("CN=old", notAfter.AddYears(-1), notAfter);
        var refusal = Check(expired, RouteAccess.Edit).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotValid, refusal.Status);
        Assert.Contains("expired on 2025-03-04 05:06 UTC", refusal.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public void A_not_yet_valid_certificate_is_62_naming_the_start_date()
    {
        var notBefore = _time.GetUtcNow().AddDays(3);
        using var future = TestCertificates.SelfSigned("CN=future", notBefore, notBefore.AddYears(1));
        var refusal = Check(future, RouteAccess.Edit).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotValid, refusal.Status);
        Assert.Contains($"not valid yet: it starts on {RefusalMessages.Format(future.NotBefore.ToUniversalTime())}", refusal.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weak_key_is_62_saying_what_to_make_instead_even_for_a_registered_certificate()
    {
        using var weak = TestCertificates.Rsa(1024, "weak");
        Register(weak, "weakling");

        var result = Check(weak, RouteAccess.Edit);
        Assert.Equal(CertificateStanding.Invalid, result.Visitor.Standing);
        Assert.Null(result.Visitor.AccountName);
        Assert.Equal(GeminiStatus.CertificateNotValid, result.Refusal!.Status);
        Assert.Contains("key (RSA 1024 bits) is too weak", result.Refusal.Meta, StringComparison.Ordinal);
        Assert.Contains("EC P-256 key (or RSA of at least 2048 bits)", result.Refusal.Meta, StringComparison.Ordinal);
        Assert.Equal(GeminiStatus.CertificateNotValid, Check(weak, RouteAccess.Certificate).Refusal!.Status);

        // Public pages stay readable.
        Assert.True(Check(weak, RouteAccess.Read).IsAllowed);
    }

    [Fact]
    public void An_RSA_key_of_2048_bits_identifies_its_owner()
    {
        using var certificate = TestCertificates.Rsa(2048, "bob");
        Register(certificate, "bob");
        Assert.True(Check(certificate, RouteAccess.Edit).IsAllowed);
    }

    [Fact]
    public void Validity_follows_the_injected_clock()
    {
        using var certificate = TestCertificates.Valid();
        Register(certificate, "alice");
        Assert.True(Check(certificate, RouteAccess.Edit).IsAllowed);

        _time.Advance(TimeSpan.FromDays(400));

        Assert.Equal(GeminiStatus.CertificateNotValid, Check(certificate, RouteAccess.Edit).Refusal!.Status);
    }

    [Fact]
    public void An_unregistered_certificate_is_61_with_its_short_fingerprint_and_is_remembered_for_the_admin()
    {
        using var certificate = TestCertificates.Valid("stranger");
        var fingerprint = Fingerprint.Of(certificate);
        var refusal = Check(certificate, RouteAccess.Edit).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, refusal.Status);
        Assert.Contains(fingerprint.Short, refusal.Meta, StringComparison.Ordinal);
        Assert.Contains("/register", refusal.Meta, StringComparison.Ordinal);

        var refused = Assert.Single(_db.Refusals.Recent());
        Assert.Equal(fingerprint, refused.Fingerprint);
        Assert.Equal("stranger", refused.CommonName);
    }

    [Fact]
    public void A_registered_certificate_edits_under_its_account_name()
    {
        using var certificate = TestCertificates.Valid();
        Register(certificate, "Alice");
        var result = Check(certificate, RouteAccess.Edit);
        Assert.True(result.IsAllowed);
        Assert.Equal("Alice", result.Visitor.AuthorLabel);
        Assert.False(result.Visitor.IsAdmin);
    }

    [Fact]
    public void A_forged_common_name_gets_nothing_of_the_admin()
    {
        using var admin = TestCertificates.Valid("admin");
        using var forged = TestCertificates.Valid("admin");
        Configure(new IdentityOptions { Edit = EditPolicy.Admins, AdminFingerprints = ["sha256$" + Fingerprint.Of(admin).Hex] });

        Assert.True(Check(admin, RouteAccess.Edit).Visitor.IsAdmin);
        var result = Check(forged, RouteAccess.Edit);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, result.Refusal!.Status);
        Assert.False(result.Visitor.IsAdmin);
        Assert.False(_gate.Identify(Request(forged)).IsAdmin);
    }

    [Fact]
    public void A_private_wiki_reads_only_for_allow_listed_certificates_from_config_or_database()
    {
        using var fromConfig = TestCertificates.Valid("config");
        using var fromDatabase = TestCertificates.Valid("db");
        using var registered = TestCertificates.Valid("registered");
        Register(registered, "registered");
        Configure(new IdentityOptions { Read = ReadPolicy.AllowListed, AllowList = [Fingerprint.Of(fromConfig).Hex.ToUpperInvariant()] });
        _db.AllowList.Allow(Fingerprint.Of(fromDatabase), "root", _time.GetUtcNow());

        Assert.Equal(GeminiStatus.ClientCertificateRequired, Check(null, RouteAccess.Read).Refusal!.Status);
        Assert.True(Check(fromConfig, RouteAccess.Read).IsAllowed);
        Assert.True(Check(fromDatabase, RouteAccess.Read).IsAllowed);
        var refusal = Check(registered, RouteAccess.Read).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, refusal.Status);
        Assert.Contains("Ask an admin to allow it", refusal.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allow_listed_certificate_without_an_account_edits_under_its_short_fingerprint()
    {
        using var certificate = TestCertificates.Valid();
        Configure(new IdentityOptions { Edit = EditPolicy.AllowListed, AllowList = [Fingerprint.Of(certificate).Hex] });
        var result = Check(certificate, RouteAccess.Edit);
        Assert.True(result.IsAllowed);
        Assert.Null(result.Visitor.AccountName);
        Assert.Equal(Fingerprint.Of(certificate).Short, result.Visitor.AuthorLabel);
    }

    [Fact]
    public void A_denied_fingerprint_is_refused_even_as_an_admin_and_identifies_no_one()
    {
        using var certificate = TestCertificates.Valid();
        var fingerprint = Fingerprint.Of(certificate);
        Register(certificate, "alice");
        Configure(new IdentityOptions { AdminFingerprints = [fingerprint.Hex], DenyList = [fingerprint.Hex] });

        var refusal = Check(certificate, RouteAccess.Edit).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, refusal.Status);
        Assert.Contains("revoked", refusal.Meta, StringComparison.Ordinal);
        var visitor = _gate.Identify(Request(certificate));
        Assert.Null(visitor.AccountName);
        Assert.False(visitor.IsAdmin);
    }

    [Fact]
    public void A_banned_account_is_61_saying_so()
    {
        using var certificate = TestCertificates.Valid();
        Register(certificate, "mallory");
        _db.Accounts.SetBanned("mallory", true, "root", _time.GetUtcNow());
        var refusal = Check(certificate, RouteAccess.Edit).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, refusal.Status);
        Assert.Contains("mallory", refusal.Meta, StringComparison.Ordinal);
        Assert.Contains("banned", refusal.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trusted_ca_vouches_only_for_certificates_it_signed_with_the_required_attribute()
    {
        using var authority = TestCertificates.Authority("CN=Seed CA, O=Seed");
        var caFile = Path.Combine(_db.Directory, "ca.pem");
        File.WriteAllText(caFile, authority.ExportCertificatePem());
        Configure(new IdentityOptions { Read = ReadPolicy.AllowListed, TrustedCaFile = caFile, TrustedCaSubject = "O=Seed" });

        using var member = TestCertificates.IssuedBy(authority, "CN=bob, O=Seed");
        using var outsider = TestCertificates.IssuedBy(authority, "CN=eve, O=Other");
        // A member's subject, issued by a look-alike CA with the same name but another key: the signature decides.
        using var lookAlike = TestCertificates.Authority("CN=Seed CA, O=Seed");
        using var forged = TestCertificates.IssuedBy(lookAlike, "CN=bob, O=Seed");
        Assert.Equal(member.Issuer, forged.Issuer);

        Assert.True(Check(member, RouteAccess.Read).IsAllowed);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(outsider, RouteAccess.Read).Refusal!.Status);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(forged, RouteAccess.Read).Refusal!.Status);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(authority, RouteAccess.Read).Refusal!.Status);
    }

    [Fact]
    public void Account_pages_need_an_account_and_an_allow_listed_stranger_is_not_one()
    {
        using var member = TestCertificates.Valid("member");
        using var allowed = TestCertificates.Valid("allowed");
        Register(member, "member");
        _db.AllowList.Allow(Fingerprint.Of(allowed), "root", _time.GetUtcNow());

        Assert.True(Check(member, RouteAccess.Account).IsAllowed);
        var refusal = Check(allowed, RouteAccess.Account).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, refusal.Status);
        Assert.Contains("is not registered here", refusal.Meta, StringComparison.Ordinal);
        Assert.Equal(GeminiStatus.ClientCertificateRequired, Check(null, RouteAccess.Account).Refusal!.Status);

        // A stranger at someone's own account page is nothing for an admin to allow: not logged.
        using var stranger = TestCertificates.Valid("stranger");
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(stranger, RouteAccess.Account).Refusal!.Status);
        Assert.Empty(_db.Refusals.Recent());
    }

    [Fact]
    public void Public_routes_stay_open_to_invalid_denied_and_banned_certificates_which_identify_no_one()
    {
        using var expired = TestCertificates.SelfSigned("CN=old", _time.GetUtcNow().AddYears(-2), _time.GetUtcNow().AddYears(-1));
        using var banned = TestCertificates.Valid("banned");
        Register(banned, "banned");
        _db.Accounts.SetBanned("banned", true, "root", _time.GetUtcNow());

        foreach (var certificate in new[] { expired, banned })
        {
            var outcome = Check(certificate, RouteAccess.Public);
            Assert.True(outcome.IsAllowed);
            Assert.Null(outcome.Visitor.AccountName);
            Assert.False(outcome.Visitor.IsAdmin);
        }

        Assert.Equal(CertificateStanding.Invalid, Check(expired, RouteAccess.Public).Visitor.Standing);
        Assert.Equal(CertificateStanding.Banned, Check(banned, RouteAccess.Public).Visitor.Standing);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(banned, RouteAccess.Certificate).Refusal!.Status);
    }

    [Fact]
    public void The_visitor_carries_the_fingerprint_computed_at_the_handshake()
    {
        using var certificate = TestCertificates.Valid("alice");
        var client = ClientCertificate.From(certificate);
        Register(certificate, "alice");

        var visitor = _gate.Identify(Request(null) with { Client = client });

        Assert.Equal(client.Sha256, visitor.Fingerprint!.Value.Hex);
        Assert.Equal(Fingerprint.Of(certificate), visitor.Fingerprint);
        Assert.Equal("alice", visitor.AccountName);
        Assert.Same(client, visitor.Client);
    }

    [Fact]
    public void Bad_entries_in_the_settings_are_named()
    {
        AccessPolicy.Compile(new IdentityOptions { AllowList = ["not-a-fingerprint"], TrustedCaFile = "/nonexistent/ca.pem" }, "/", out var problems);
        Assert.Contains(problems, p => p.Contains("Identity:AllowList:0 'not-a-fingerprint'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Identity:TrustedCaFile", StringComparison.Ordinal));
    }

    private sealed class FixedPolicy : IAccessPolicySource
    {
        public AccessPolicy Current { get; set; } = AccessPolicy.Default;
    }
}
