using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Tests.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Domain.Tests.Access;

public sealed class IdentityAccessGateTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FixedPolicy _policy = new();
    private readonly IdentityAccessGate _gate;

    public IdentityAccessGateTests() => _gate = new IdentityAccessGate(_db.Store, _policy, _time);

    public void Dispose() => _db.Dispose();

    private static GeminiRequest Request(X509Certificate2? certificate) => new()
    {
        Url = "gemini://localhost/page/x",
        Scheme = GeminiScheme.Gemini,
        Host = "localhost",
        Path = "/page/x",
        ClientCertificate = certificate,
    };

    private Account Register(X509Certificate2 certificate, string name)
    {
        AccountName.TryCreate(name, out var accountName, out _);
        return _db.Store.Register(accountName, CertificateDetails.TryRead(certificate)!, _time.GetUtcNow()).Account!;
    }

    private void Configure(IdentityOptions options) =>
        _policy.Current = AccessPolicy.Compile(options, Path.GetTempPath(), out _);

    [Fact]
    public void Public_reading_never_asks_for_a_certificate()
    {
        var result = _gate.CheckRead(Request(null));
        Assert.True(result.IsAllowed);
        Assert.Equal(Visitor.Anonymous, result.Visitor);
    }

    [Fact]
    public void Editing_without_a_certificate_is_60_with_what_to_do()
    {
        var refusal = _gate.CheckEdit(Request(null)).Refusal;
        Assert.Equal(GeminiStatus.ClientCertificateRequired, refusal!.Status);
        Assert.Contains("activate it for this whole capsule", refusal.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_certificate_is_62_naming_the_expiry_date()
    {
        var notAfter = new DateTimeOffset(2025, 3, 4, 5, 6, 0, TimeSpan.Zero);
        using var expired = TestCertificates.SelfSigned("CN=old", notAfter.AddYears(-1), notAfter);
        var refusal = _gate.CheckEdit(Request(expired)).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotValid, refusal.Status);
        Assert.Contains("expired on 2025-03-04 05:06 UTC", refusal.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public void A_not_yet_valid_certificate_is_62_naming_the_start_date()
    {
        var notBefore = _time.GetUtcNow().AddDays(3);
        using var future = TestCertificates.SelfSigned("CN=future", notBefore, notBefore.AddYears(1));
        var refusal = _gate.CheckEdit(Request(future)).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotValid, refusal.Status);
        Assert.Contains($"not valid yet: it starts on {RefusalMessages.Format(future.NotBefore.ToUniversalTime())}", refusal.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public void Validity_follows_the_injected_clock()
    {
        using var certificate = TestCertificates.Valid();
        Register(certificate, "alice");
        Assert.True(_gate.CheckEdit(Request(certificate)).IsAllowed);

        _time.Advance(TimeSpan.FromDays(400));

        Assert.Equal(GeminiStatus.CertificateNotValid, _gate.CheckEdit(Request(certificate)).Refusal!.Status);
    }

    [Fact]
    public void An_unregistered_certificate_is_61_with_its_short_fingerprint_and_is_remembered_for_the_admin()
    {
        using var certificate = TestCertificates.Valid("stranger");
        var fingerprint = Fingerprint.Of(certificate);
        var refusal = _gate.CheckEdit(Request(certificate)).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, refusal.Status);
        Assert.Contains(fingerprint.Short, refusal.Meta, StringComparison.Ordinal);
        Assert.Contains("/register", refusal.Meta, StringComparison.Ordinal);

        var refused = Assert.Single(_db.Store.RecentRefusals());
        Assert.Equal(fingerprint, refused.Fingerprint);
        Assert.Equal("stranger", refused.CommonName);
    }

    [Fact]
    public void A_registered_certificate_edits_under_its_account_name()
    {
        using var certificate = TestCertificates.Valid();
        Register(certificate, "Alice");
        var result = _gate.CheckEdit(Request(certificate));
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

        Assert.True(_gate.CheckEdit(Request(admin)).Visitor.IsAdmin);
        var result = _gate.CheckEdit(Request(forged));
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
        _db.Store.Allow(Fingerprint.Of(fromDatabase), "root", _time.GetUtcNow());

        Assert.Equal(GeminiStatus.ClientCertificateRequired, _gate.CheckRead(Request(null)).Refusal!.Status);
        Assert.True(_gate.CheckRead(Request(fromConfig)).IsAllowed);
        Assert.True(_gate.CheckRead(Request(fromDatabase)).IsAllowed);
        var refusal = _gate.CheckRead(Request(registered)).Refusal!;
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, refusal.Status);
        Assert.Contains("Ask an admin to allow it", refusal.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allow_listed_certificate_without_an_account_edits_under_its_short_fingerprint()
    {
        using var certificate = TestCertificates.Valid();
        Configure(new IdentityOptions { Edit = EditPolicy.AllowListed, AllowList = [Fingerprint.Of(certificate).Hex] });
        var result = _gate.CheckEdit(Request(certificate));
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

        var refusal = _gate.CheckEdit(Request(certificate)).Refusal!;
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
        _db.Store.SetBanned("mallory", true, "root", _time.GetUtcNow());
        var refusal = _gate.CheckEdit(Request(certificate)).Refusal!;
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

        Assert.True(_gate.CheckRead(Request(member)).IsAllowed);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, _gate.CheckRead(Request(outsider)).Refusal!.Status);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, _gate.CheckRead(Request(forged)).Refusal!.Status);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, _gate.CheckRead(Request(authority)).Refusal!.Status);
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
