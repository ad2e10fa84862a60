using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Authority;
using GeminiWiki.Server.Commands;

namespace GeminiWiki.Server.Tests.Identity;

/// <summary>issue, import, use over real TLS, revoke: the three-command path of the README.</summary>
public sealed partial class IssuedCertificateTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "geminiwiki-issue-tests", Guid.NewGuid().ToString("N"));

    public IssuedCertificateTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = AdminCommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Issue_a_p12_import_it_connect_with_it_then_revoke_it_and_find_it_on_the_crl()
    {
        using var admin = TestCertificates.Valid("admin");
        await using var server = await IdentityTestServer.StartAsync(
            "--Identity:Read", "AllowListed",
            "--Identity:AdminFingerprints:0", Fingerprint.Of(admin).Hex);
        var data = new[] { "--Gemini:DataDirectory", server.DataDirectory };

        // Before the first issue there is no CA to publish.
        Assert.Equal(51, (await server.GetAsync("/ca.crt", null)).Status);

        var p12 = Path.Combine(_folder, "dana.p12");
        var (code, output, error) = Run(["issue", "dana", "--out", p12, .. data]);
        Assert.Equal((AdminCommandLine.Ok, string.Empty), (code, error));
        Assert.Contains("Created the wiki's CA", output, StringComparison.Ordinal);
        Assert.Contains("Issued certificate", output, StringComparison.Ordinal);
        Assert.Contains("to the new account dana", output, StringComparison.Ordinal);
        Assert.Contains($"Wrote {p12} (PKCS#12, AES-256 with PBKDF2).", output, StringComparison.Ordinal);
        foreach (var client in new[] { "Firefox:", "Chromium:", "Lagrange, Amfora:" })
        {
            Assert.Contains(client, output, StringComparison.Ordinal);
        }

        var password = Password().Match(output).Groups[1].Value;
        Assert.Equal(24, password.Length);
        Assert.Equal(OwnerOnly, ModeOf(p12));
        Assert.Equal(OwnerOnly, ModeOf(Path.Combine(server.CertificateDirectory, WikiCertificateAuthority.KeyFileName)));
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(p12, "not the password"));
        using var dana = X509CertificateLoader.LoadPkcs12FromFile(p12, password);
        Assert.Equal("CN=dana", dana.Subject);
        Assert.Contains($"Fingerprint (SHA-256): {Fingerprint.Of(dana).Hex}", output, StringComparison.Ordinal);

        // The imported certificate works at once: linked to dana, allowed by the CA's signature.
        var reply = await server.GetAsync("/probe/read", dana);
        Assert.Equal((20, "read as dana\n"), (reply.Status, reply.Text));
        reply = await server.GetAsync("/account", dana);
        Assert.Contains("# Account dana", reply.Text, StringComparison.Ordinal);

        // Rotation: a second certificate, as a PEM pair, for the same account; the first keeps working.
        var pemBase = Path.Combine(_folder, "dana-phone");
        (code, output, _) = Run(["issue", "Dana", "--pem", "--out", pemBase, .. data]);
        Assert.Equal(AdminCommandLine.Ok, code);
        Assert.Contains("the account's other certificates keep working", output, StringComparison.Ordinal);
        Assert.Equal(OwnerOnly, ModeOf(pemBase + ".key"));
        using var phone = Presentable(X509Certificate2.CreateFromPemFile(pemBase + ".crt", pemBase + ".key"));
        Assert.Equal((20, "read as dana\n"), ((await server.GetAsync("/probe/read", phone)).Status, (await server.GetAsync("/probe/read", phone)).Text));

        // A second issue never overwrites a file.
        (code, _, error) = Run(["issue", "dana", "--out", p12, .. data]);
        Assert.Equal(AdminCommandLine.Failed, code);
        Assert.Contains("already exists; nothing was issued", error, StringComparison.Ordinal);

        // The CA certificate is public, DER, and is the one on disk.
        reply = await server.GetAsync("/ca.crt", null);
        Assert.Equal((20, "application/x-x509-ca-cert"), (reply.Status, reply.Meta));
        using var caOnDisk = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(server.CertificateDirectory, WikiCertificateAuthority.CertificateFileName)));
        Assert.Equal(caOnDisk.RawData, reply.Body);

        // Revoke the laptop's certificate by serial: refused from the next request on, the phone is not.
        var serial = WikiCertificateAuthority.NormalizeSerial(dana.SerialNumber);
        (code, output, _) = Run(["revoke-cert", serial, .. data]);
        Assert.Equal(AdminCommandLine.Ok, code);
        Assert.StartsWith($"Revoked certificate {serial} of dana", output, StringComparison.Ordinal);
        reply = await server.GetAsync("/probe/read", dana);
        Assert.Equal(61, reply.Status);
        Assert.Contains("was revoked", reply.Meta, StringComparison.Ordinal);
        Assert.Equal(20, (await server.GetAsync("/probe/read", phone)).Status);

        reply = await server.GetAsync("/ca.crl", null);
        Assert.Equal((20, "application/pkix-crl"), (reply.Status, reply.Meta));
        var crl = RevocationList.Read(reply.Body, caOnDisk);
        Assert.Equal(1, crl.Count);
        Assert.True(crl.Lists(dana.SerialNumber));

        // The admin page lists both, and revokes the phone's through the confirmation step.
        reply = await server.GetAsync("/admin", admin);
        Assert.Contains("## Issued certificates", reply.Text, StringComparison.Ordinal);
        Assert.Matches($"\\* Serial {serial}, account dana, revoked on .* by command line", reply.Text);
        var phoneSerial = WikiCertificateAuthority.NormalizeSerial(phone.SerialNumber);
        Assert.Contains($"=> /admin/revoke-cert?{phoneSerial} Revoke: Serial {phoneSerial}, account dana, expires ", reply.Text, StringComparison.Ordinal);
        reply = await server.ConfirmAsync($"/admin/revoke-cert?{phoneSerial}", admin);
        Assert.Equal((30, "/admin"), (reply.Status, reply.Meta));
        Assert.Equal(61, (await server.GetAsync("/probe/read", phone)).Status);
        Assert.Equal(["revoke-cert", "revoke-cert", "issue", "issue"], server.Audit.Recent().Select(a => a.Action).ToArray());
    }

    [Fact]
    public async Task A_certificate_issued_while_the_server_is_down_is_recognised_after_it_starts()
    {
        var root = Path.Combine(_folder, "root");
        await using (var first = await IdentityTestServer.StartInAsync(root))
        {
            await first.StopAsync();
            var pem = Path.Combine(_folder, "erin");
            var (code, output, error) = Run("issue", "erin", "--pem", "--days", "20", "--out", pem,
                "--Gemini:DataDirectory", first.DataDirectory, "--Gemini:CertificateDirectory", first.CertificateDirectory);
            Assert.Equal((AdminCommandLine.Ok, string.Empty), (code, error));
            Assert.Contains("Lagrange: Identity > Import", output, StringComparison.Ordinal);
        }

        await using var server = await IdentityTestServer.StartInAsync(root);
        using var erin = Presentable(X509Certificate2.CreateFromPemFile(Path.Combine(_folder, "erin.crt"), Path.Combine(_folder, "erin.key")));
        var reply = await server.GetAsync("/account", erin);
        Assert.Equal(20, reply.Status);
        Assert.Contains("# Account erin", reply.Text, StringComparison.Ordinal);

        // 20 days left: the account page warns, and tells the holder of an issued certificate to ask an admin.
        Assert.Contains("It was issued by this wiki: ask an admin for a new one", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_cannot_revoke_from_admin_the_certificate_they_are_using_and_pem_names_keep_dots()
    {
        await using var server = await IdentityTestServer.StartAsync();
        var data = new[] { "--Gemini:DataDirectory", server.DataDirectory };
        Assert.Equal(AdminCommandLine.Ok, Run(["issue", "j.doe", "--pem", "--out", Path.Combine(_folder, "j.doe"), .. data]).Code);
        Assert.Equal(AdminCommandLine.Ok, Run(["promote", "j.doe", .. data]).Code);
        using var own = Presentable(X509Certificate2.CreateFromPemFile(Path.Combine(_folder, "j.doe.crt"), Path.Combine(_folder, "j.doe.key")));
        var serial = WikiCertificateAuthority.NormalizeSerial(own.SerialNumber);

        var reply = await server.ConfirmAsync($"/admin/revoke-cert?{serial}", own);
        Assert.Equal(10, reply.Status);
        Assert.StartsWith("That is the certificate you are using", reply.Meta, StringComparison.Ordinal);
        Assert.Equal(20, (await server.GetAsync("/admin", own)).Status);
    }

    [Theory]
    [InlineData(new[] { "issue" }, AdminCommandLine.Usage, "usage: geminiwiki issue <account>")]
    [InlineData(new[] { "issue", "x", "--days", "0" }, AdminCommandLine.Usage, "--days takes a whole number of days from 1 to 3650, not '0'.")]
    [InlineData(new[] { "issue", "x", "--out" }, AdminCommandLine.Usage, "--out needs a value.")]
    [InlineData(new[] { "revoke-cert" }, AdminCommandLine.Usage, "usage: geminiwiki revoke-cert <serial number|fingerprint>")]
    public void Bad_issue_and_revoke_cert_arguments_print_what_to_type(string[] args, int expectedCode, string expectedError)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(expectedCode, code);
        Assert.Contains(expectedError, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_password_file_or_a_bad_account_name_issues_nothing()
    {
        await using var server = await IdentityTestServer.StartAsync();
        var empty = Path.Combine(_folder, "empty.txt");
        File.WriteAllText(empty, "\n");

        var (code, _, error) = Run("issue", "gwen", "--out", Path.Combine(_folder, "gwen.p12"), "--password-file", empty, "--Gemini:DataDirectory", server.DataDirectory);
        Assert.Equal(AdminCommandLine.Failed, code);
        Assert.Contains("is empty; put the password on its first line", error, StringComparison.Ordinal);

        (code, _, error) = Run("issue", "a", "--out", Path.Combine(_folder, "a.p12"), "--Gemini:DataDirectory", server.DataDirectory);
        Assert.Equal(AdminCommandLine.Failed, code);
        Assert.Contains("'a' cannot be an account name", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder, "*.p12"));
        Assert.Null(server.Accounts.FindAccount("gwen"));

        var passwordFile = Path.Combine(_folder, "password.txt");
        File.WriteAllText(passwordFile, "correct horse battery staple\n");
        (code, var output, _) = Run("issue", "gwen", "--out", Path.Combine(_folder, "gwen.p12"), "--password-file", passwordFile, "--Gemini:DataDirectory", server.DataDirectory);
        Assert.Equal(AdminCommandLine.Ok, code);
        Assert.Contains("Password: the one in the password file.", output, StringComparison.Ordinal);
        using var gwen = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_folder, "gwen.p12"), "correct horse battery staple");
        Assert.Equal("CN=gwen", gwen.Subject);
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static UnixFileMode? ModeOf(string path) => OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path);

    private static X509Certificate2 Presentable(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    [GeneratedRegex(@"Password \(shown once, stored nowhere\): (\S+)")]
    private static partial Regex Password();
}
