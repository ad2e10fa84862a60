using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Authority;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Tests.Access;

/// <summary>The wiki's own CA, revocation (ours and a trusted CA's CRL) and subject rules, through the real gate and stores.</summary>
public sealed class IssuedAndRevokedCertificateTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly Policy _policy = new();
    private readonly LiteIssuedCertificates _issued;
    private readonly CertificateAuthorityFolder _authority;
    private readonly IdentityAccessGate _gate;

    public IssuedAndRevokedCertificateTests()
    {
        // The test CA's certificates are valid around the real time.
        _db.Time.SetUtcNow(DateTimeOffset.UtcNow);
        _issued = new LiteIssuedCertificates(_db.Identity);
        _authority = new CertificateAuthorityFolder(Path.Combine(_db.Directory, "certs"), "wiki.example");
        _gate = new IdentityAccessGate(_db.Accounts, _db.AllowList, _db.Refusals, _policy, _db.Time, issued: _issued, authority: _authority);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _db.Dispose();
    }

    private DateTimeOffset Now => _db.Time.GetUtcNow();

    private GeminiResponse? Check(X509Certificate2 certificate, RouteAccess access)
    {
        var request = TestRequests.Gemini("/page/x") with { Client = ClientCertificate.From(certificate) };
        return _gate.Refuse(_gate.Identify(request), access);
    }

    private X509Certificate2 Issue(string account)
    {
        var ca = _authority.GetOrCreate(Now, out _);
        var certificate = ca.Issue(AccountName.FromStore(account), 90, Now);
        _issued.Record(AccountName.FromStore(account), CertificateDetails.TryRead(certificate)!, "root", Now);
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private void Configure(IdentityOptions options, string? expectProblem = null)
    {
        _policy.Current = AccessPolicy.Compile(options, _db.Directory, out var problems);
        if (expectProblem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.Contains(expectProblem, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_wiki_ca_is_created_once_with_an_owner_only_key_and_survives_a_restart()
    {
        var ca = _authority.GetOrCreate(Now, out var created);
        Assert.True(created);
        Assert.Same(ca, _authority.GetOrCreate(Now, out created));
        Assert.False(created);
        Assert.Equal("CN=wiki.example wiki CA", ca.Subject);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_authority.Directory, WikiCertificateAuthority.KeyFileName)));
        }

        using var reloaded = WikiCertificateAuthority.TryLoad(_authority.Directory)!;
        Assert.Equal(ca.Fingerprint, reloaded.Fingerprint);
        using var certificate = reloaded.Issue(AccountName.FromStore("dana"), 10, Now);
        Assert.True(ca.Issuer.Vouches(certificate, Now));
        Assert.Equal("CN=dana", certificate.Subject);
        Assert.Equal(Now.AddDays(10).UtcDateTime, certificate.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Half_a_ca_pair_is_an_error_rather_than_a_new_ca()
    {
        _authority.GetOrCreate(Now, out _);
        File.Delete(Path.Combine(_authority.Directory, WikiCertificateAuthority.CertificateFileName));
        var error = Assert.Throws<InvalidDataException>(() => WikiCertificateAuthority.TryLoad(_authority.Directory));
        Assert.Contains("Found only one of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_issued_certificate_counts_by_signature_and_is_refused_with_61_once_revoked_while_its_sibling_keeps_working()
    {
        _policy.Current = AccessPolicy.Default with { Read = ReadPolicy.AllowListed };
        using var first = Issue("dana");
        using var second = Issue("dana");
        Assert.Null(Check(first, RouteAccess.Read));
        Assert.Null(Check(second, RouteAccess.Account));
        Assert.Equal(2, _db.Accounts.CertificatesOf(_db.Accounts.FindAccount("dana")!.Id).Count);

        // Same subject and issuer name, other key: not ours.
        using var lookAlikeCa = TestCertificates.Authority("CN=wiki.example wiki CA");
        using var forged = TestCertificates.IssuedBy(lookAlikeCa, "CN=dana");
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(forged, RouteAccess.Read)!.Status);

        var serial = WikiCertificateAuthority.NormalizeSerial(first.SerialNumber);
        var (outcome, revoked) = _issued.Revoke(serial.ToLowerInvariant(), "root", Now);
        Assert.Equal((RevokeOutcome.Revoked, "dana"), (outcome, revoked!.Account));

        var refusal = Check(first, RouteAccess.Read)!;
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, refusal.Status);
        Assert.Contains($"Certificate {Fingerprint.Of(first).Short} was revoked", refusal.Meta, StringComparison.Ordinal);
        // Public pages stay public; the account's other certificate is untouched.
        Assert.Null(Check(first, RouteAccess.Public));
        Assert.Null(Check(second, RouteAccess.Read));

        Assert.Equal(RevokeOutcome.AlreadyRevoked, _issued.Revoke(Fingerprint.Of(first).Hex, "root", Now).Outcome);
        Assert.Equal(RevokeOutcome.Unknown, _issued.Revoke("ABCDEF", "root", Now).Outcome);
        Assert.Equal(["revoke-cert", "issue", "issue"], _db.Audit.Recent().Select(a => a.Action).ToArray());
    }

    [Fact]
    public void Issued_certificates_are_found_by_serial_in_any_case_with_colons_or_by_fingerprint_in_any_form()
    {
        using var certificate = Issue("erin");
        var serial = WikiCertificateAuthority.NormalizeSerial(certificate.SerialNumber);
        var colons = string.Join(':', serial.Chunk(2).Select(pair => new string(pair))).ToLowerInvariant();
        var fingerprint = Fingerprint.Of(certificate);

        Assert.Equal(serial, _issued.Find(colons)!.Serial);
        Assert.Equal(serial, _issued.Find("sha256$" + fingerprint.Hex)!.Serial);
        Assert.Equal(serial, _issued.Find(fingerprint)!.Serial);
        Assert.Null(_issued.Find("not a serial"));
        Assert.Null(_issued.Find(""));
    }

    [Fact]
    public void The_crl_of_the_wiki_ca_lists_revoked_serials_and_verifies_with_the_ca()
    {
        using var kept = Issue("fred");
        using var revoked = Issue("fred");
        _issued.Revoke(revoked.SerialNumber, "root", Now);
        var ca = _authority.Current!;

        var crl = ca.BuildCrl(_issued.RevokedCertificates().Select(r => (r.Serial, r.Revoked!.Value)), 2, Now);

        using var publicCertificate = X509CertificateLoader.LoadCertificate(ca.CertificateDer);
        var list = RevocationList.Read(crl, publicCertificate);
        Assert.Equal(1, list.Count);
        Assert.True(list.Lists(revoked.SerialNumber));
        Assert.False(list.Lists(kept.SerialNumber));
    }

    [Fact]
    public void A_trusted_ca_crl_revokes_listed_serials_and_is_read_again_when_the_file_changes()
    {
        using var authority = TestCertificates.Authority("CN=Seed CA, O=Seed");
        using var anna = TestCertificates.IssuedBy(authority, "CN=anna, O=Seed");
        using var ben = TestCertificates.IssuedBy(authority, "CN=ben, O=Seed");
        var caFile = Path.Combine(_db.Directory, "seed-ca.pem");
        var crlFile = Path.Combine(_db.Directory, "seed.crl");
        File.WriteAllText(caFile, authority.ExportCertificatePem());
        File.WriteAllText(crlFile, PemEncoding.WriteString("X509 CRL", Crl(authority, 1, ben)));
        Configure(new IdentityOptions { Read = ReadPolicy.AllowListed, TrustedCaFile = caFile, TrustedCaCrlFile = crlFile });

        Assert.Null(Check(anna, RouteAccess.Read));
        var refusal = Check(ben, RouteAccess.Read)!;
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, refusal.Status);
        Assert.Contains("was revoked by the authority that issued it", refusal.Meta, StringComparison.Ordinal);

        // The CA publishes a new CRL, DER this time: anna is refused from the next request on.
        File.WriteAllBytes(crlFile, Crl(authority, 2, ben, anna));
        File.SetLastWriteTimeUtc(crlFile, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(anna, RouteAccess.Read)!.Status);
        Assert.Null(_policy.Current.TrustedIssuer!.Revocations!.Problem);

        // A damaged replacement leaves the last good list in force rather than letting revoked people in.
        File.WriteAllText(crlFile, "garbage");
        File.SetLastWriteTimeUtc(crlFile, DateTime.UtcNow.AddMinutes(2));
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(anna, RouteAccess.Read)!.Status);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(ben, RouteAccess.Read)!.Status);
        Assert.Contains("it is not a CRL", _policy.Current.TrustedIssuer!.Revocations!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crl_signed_by_another_key_or_unreadable_stops_the_settings_with_the_key_named()
    {
        using var authority = TestCertificates.Authority("CN=Seed CA, O=Seed");
        using var impostor = TestCertificates.Authority("CN=Seed CA, O=Seed");
        using var someone = TestCertificates.IssuedBy(authority, "CN=someone");
        var caFile = Path.Combine(_db.Directory, "seed-ca.pem");
        var crlFile = Path.Combine(_db.Directory, "forged.crl");
        File.WriteAllText(caFile, authority.ExportCertificatePem());
        File.WriteAllBytes(crlFile, Crl(impostor, 1, someone));

        Configure(new IdentityOptions { TrustedCaFile = caFile, TrustedCaCrlFile = crlFile }, "signature does not verify");
        Configure(new IdentityOptions { TrustedCaFile = caFile, TrustedCaCrlFile = Path.Combine(_db.Directory, "missing.crl") }, "Identity:TrustedCaCrlFile");
        Configure(new IdentityOptions { TrustedCaCrlFile = crlFile }, "set it too");
    }

    [Fact]
    public void Subject_rules_must_all_match_and_the_old_single_subject_still_counts()
    {
        using var authority = TestCertificates.Authority("CN=Example CA, O=Example");
        using var editor = TestCertificates.IssuedBy(authority, "CN=ed, OU=Editors, O=Example");
        using var reader = TestCertificates.IssuedBy(authority, "CN=rd, OU=Readers, O=Example");
        using var stranger = TestCertificates.IssuedBy(authority, "CN=st, OU=Editors, O=Other");
        var caFile = Path.Combine(_db.Directory, "example-ca.pem");
        File.WriteAllText(caFile, authority.ExportCertificatePem());

        Configure(new IdentityOptions { Read = ReadPolicy.AllowListed, TrustedCaFile = caFile, SubjectRules = ["O=Example", "OU=Editors"] });
        Assert.Null(Check(editor, RouteAccess.Read));
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(reader, RouteAccess.Read)!.Status);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(stranger, RouteAccess.Read)!.Status);

        Configure(new IdentityOptions { Read = ReadPolicy.AllowListed, TrustedCaFile = caFile, SubjectRules = ["OU=Editors"], TrustedCaSubject = "O=Example" });
        Assert.Null(Check(editor, RouteAccess.Read));
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, Check(stranger, RouteAccess.Read)!.Status);

        Configure(new IdentityOptions { TrustedCaFile = caFile, SubjectRules = ["O=Example", "Editors"] }, "Identity:SubjectRules:1 'Editors' is not an attribute");
    }

    [Theory]
    [InlineData(31, false, null)]
    [InlineData(30, false, "Create a new certificate in your client and link it to this account at /account/link")]
    [InlineData(5, true, "It was issued by this wiki: ask an admin for a new one")]
    public void The_account_page_warns_within_30_days_of_expiry(int daysLeft, bool issued, string? expected)
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var details = new CertificateDetails(default, "CN=x", "x", "CN=x", "01", now.AddYears(-1), now.AddDays(daysLeft));
        var notice = RefusalMessages.ExpiryNotice(details, issued, now);
        if (expected is null)
        {
            Assert.Null(notice);
        }
        else
        {
            Assert.Contains($"expires on {RefusalMessages.Format(now.AddDays(daysLeft))} (in {daysLeft} days)", notice, StringComparison.Ordinal);
            Assert.Contains(expected, notice, StringComparison.Ordinal);
        }
    }

    private byte[] Crl(X509Certificate2 authority, int number, params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, Now);
        }

        using var key = authority.GetECDsaPrivateKey()!;
        var generator = X509SignatureGenerator.CreateForECDsa(key);
        return builder.Build(authority.SubjectName, generator, number, Now.AddDays(7), HashAlgorithmName.SHA256,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false), Now);
    }

    private sealed class Policy : IAccessPolicySource
    {
        public AccessPolicy Current { get; set; } = AccessPolicy.Default;
    }
}
