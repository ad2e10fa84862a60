using System.Security.Cryptography;
using GeminiWiki.Domain.Identity;

namespace GeminiWiki.Domain.Tests.Identity;

public sealed class FingerprintTests
{
    // SHA-256 of the ASCII bytes "gemini", in every form other servers and tools print it.
    private const string Canonical = "5d72436256ada53828b51895a94bb8489e9f1ac4fe937a8024ef1594e7045ff6";

    private static readonly byte[] Hash = SHA256.HashData("gemini"u8);

    [Fact]
    public void The_canonical_form_is_lower_case_hex_of_sha256()
    {
        Assert.Equal(Canonical, Fingerprint.Of("gemini"u8).Hex);
    }

    public static TheoryData<string, string> PastedForms()
    {
        var hex = Convert.ToHexStringLower(Hash);
        var upper = hex.ToUpperInvariant();
        var colons = string.Join(':', Enumerable.Range(0, 32).Select(i => upper.Substring(i * 2, 2)));
        var base64 = Convert.ToBase64String(Hash);
        var base64Url = base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new TheoryData<string, string>
        {
            { "bare lower-case hex (Molly Brown)", hex },
            { "bare upper-case hex", upper },
            { "sha256$ prefix (Phoebe)", "sha256$" + hex },
            { "SHA256: prefix with upper hex (Jetforce)", "SHA256:" + upper },
            { "openssl colon-separated", colons },
            { "openssl 1.x output line", "SHA256 Fingerprint=" + colons },
            { "openssl 3.x output line", "sha256 Fingerprint=" + colons },
            { "surrounding whitespace and newline", "  " + hex + "\n" },
            { "standard base64 with padding", base64 },
            { "url-safe base64 without padding", base64Url },
            { "SHA256: prefix with base64 (OpenSSH style)", "SHA256:" + base64.TrimEnd('=') },
        };
    }

    [Theory]
    [MemberData(nameof(PastedForms))]
    public void Every_pasted_form_parses_to_the_same_fingerprint(string form, string text)
    {
        Assert.True(Fingerprint.TryParse(text, out var fingerprint), form);
        Assert.Equal(Convert.ToHexStringLower(Hash), fingerprint.Hex);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("sha256$")]
    [InlineData("5d72436256ada53828b51895a94bb8489e9f1ac4fe937a8024ef1594e7045ff")] // 63 digits
    [InlineData("5d72436256ada53828b51895a94bb8489e9f1ac4fe937a8024ef1594e7045ff65")] // 65 digits
    [InlineData("5d72436256ada53828b51895a94bb8489e9f1ac4fe937a8024ef1594e7045fzz")] // not hex
    [InlineData("9A:0C:4F")] // too few groups
    [InlineData("9A0:C4F:C6")] // groups of the wrong size
    [InlineData("sha1$0123456789abcdef0123456789abcdef01234567")] // a SHA-1 thumbprint
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // base64 of 31 bytes
    public void Text_that_is_not_a_sha256_fingerprint_is_refused(string text)
    {
        Assert.False(Fingerprint.TryParse(text, out _));
    }

    [Fact]
    public void The_short_form_is_the_first_sixteen_hex_digits()
    {
        Assert.True(Fingerprint.TryParse(Canonical, out var fingerprint));
        Assert.Equal(Canonical[..16], fingerprint.Short);
    }

    [Fact]
    public void A_certificate_fingerprint_is_sha256_of_its_der_bytes_never_the_sha1_thumbprint()
    {
        using var certificate = TestCertificates.Valid();
        var fingerprint = Fingerprint.Of(certificate);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), fingerprint.Hex);
        Assert.NotEqual(certificate.Thumbprint.ToLowerInvariant(), fingerprint.Hex[..40]);
    }

    [Fact]
    public void Base64url_round_trips()
    {
        var fingerprint = Fingerprint.FromHash(Hash);
        Assert.True(Fingerprint.TryParse(fingerprint.ToBase64Url(), out var parsed));
        Assert.Equal(fingerprint, parsed);
    }
}
