using System.Text;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Protocol.Tests.Responses;

public sealed class GeminiResponseTests
{
    public static TheoryData<string, GeminiResponse, string> Headers => new()
    {
        { "gemtext", GeminiResponse.Gemtext("# Hi\n"), "20 text/gemini; charset=utf-8\r\n" },
        { "gemtext with language", GeminiResponse.Gemtext("# Hi\n", "en"), "20 text/gemini; charset=utf-8; lang=en\r\n" },
        { "other type", GeminiResponse.Success("image/png", new byte[] { 1, 2 }), "20 image/png\r\n" },
        { "file", GeminiResponse.File("text/plain; charset=utf-8", "/tmp/x.txt"), "20 text/plain; charset=utf-8\r\n" },
        { "input", GeminiResponse.Input("Search for"), "10 Search for\r\n" },
        { "sensitive input", GeminiResponse.SensitiveInput("Password"), "11 Password\r\n" },
        { "temporary redirect", GeminiResponse.Redirect("gemini://localhost/a"), "30 gemini://localhost/a\r\n" },
        { "permanent redirect", GeminiResponse.PermanentRedirect("/b/"), "31 /b/\r\n" },
        { "temporary failure", GeminiResponse.TemporaryFailure("Try later"), "40 Try later\r\n" },
        { "server unavailable", GeminiResponse.ServerUnavailable("Busy"), "41 Busy\r\n" },
        { "slow down", GeminiResponse.SlowDown(30), "44 30\r\n" },
        { "slow down at least a second", GeminiResponse.SlowDown(0), "44 1\r\n" },
        { "permanent failure", GeminiResponse.PermanentFailure("No"), "50 No\r\n" },
        { "not found", GeminiResponse.NotFound(), "51 Not found\r\n" },
        { "gone", GeminiResponse.Gone("Deleted"), "52 Deleted\r\n" },
        { "proxy refused", GeminiResponse.ProxyRequestRefused("Not here"), "53 Not here\r\n" },
        { "bad request", GeminiResponse.BadRequest("Bad"), "59 Bad\r\n" },
        { "certificate required", GeminiResponse.CertificateRequired("Use a certificate"), "60 Use a certificate\r\n" },
        { "not authorised", GeminiResponse.CertificateNotAuthorised("Not you"), "61 Not you\r\n" },
        { "not valid", GeminiResponse.CertificateNotValid("Expired"), "62 Expired\r\n" },
        // Exactly one space even when the optional meta is empty.
        { "empty meta", GeminiResponse.PermanentFailure(string.Empty), "50 \r\n" },
        { "generic create", GeminiResponse.Create(GeminiStatus.CgiError, "CGI broke"), "42 CGI broke\r\n" },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Formats_the_header_as_code_space_meta_CRLF(string kind, GeminiResponse response, string header)
    {
        Assert.Equal(header, Encoding.UTF8.GetString(response.FormatHeader()));
        Assert.False(string.IsNullOrEmpty(kind));
    }

    [Theory]
    [InlineData("line one\r\nline two", "line one  line two")]
    [InlineData("tab\there", "tab here")]
    [InlineData("nul\0bell\a", "nul bell")]
    [InlineData("\uFEFFno BOM", "no BOM")]
    [InlineData("  padded  ", "padded")]
    [InlineData("C1\u0085control", "C1 control")]
    [InlineData("ünïcödé ✓", "ünïcödé ✓")]
    public void Meta_is_one_line_without_control_characters(string meta, string sanitized)
    {
        var response = GeminiResponse.BadRequest(meta);

        Assert.Equal(sanitized, response.Meta);
        var header = Encoding.UTF8.GetString(response.FormatHeader());
        Assert.Equal(header.Length - 2, header.IndexOf("\r\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a", 1024, 1024)]
    [InlineData("a", 1025, 1024)]
    [InlineData("é", 600, 1024)]
    [InlineData("€", 400, 1023)]
    [InlineData("😀", 300, 1024)]
    public void Meta_is_cut_to_1024_bytes_on_a_character_boundary(string unit, int repeat, int expectedBytes)
    {
        var meta = string.Concat(Enumerable.Repeat(unit, repeat));

        var response = GeminiResponse.TemporaryFailure(meta);

        Assert.Equal(expectedBytes, Encoding.UTF8.GetByteCount(response.Meta));
        Assert.True(response.Meta.EnumerateRunes().All(rune => rune.ToString() == unit));
        var header = response.FormatHeader();
        Assert.Equal(3 + expectedBytes + 2, header.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n")]
    [InlineData("\u0001\u0002")]
    [InlineData("\uFEFF")]
    public void Success_requires_a_MIME_type(string mime)
    {
        Assert.ThrowsAny<ArgumentException>(() => GeminiResponse.Success(mime, "body"));
        Assert.ThrowsAny<ArgumentException>(() => GeminiResponse.Success(mime, ReadOnlyMemory<byte>.Empty));
        Assert.ThrowsAny<ArgumentException>(() => GeminiResponse.File(mime, "/tmp/x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0001")]
    public void Prompts_and_redirect_targets_are_required(string meta)
    {
        Assert.ThrowsAny<ArgumentException>(() => GeminiResponse.Input(meta));
        Assert.ThrowsAny<ArgumentException>(() => GeminiResponse.SensitiveInput(meta));
        Assert.ThrowsAny<ArgumentException>(() => GeminiResponse.Redirect(meta));
        Assert.ThrowsAny<ArgumentException>(() => GeminiResponse.PermanentRedirect(meta));
        Assert.ThrowsAny<ArgumentException>(() => GeminiResponse.Create(GeminiStatus.Input, meta));
        Assert.ThrowsAny<ArgumentException>(() => GeminiResponse.Create(GeminiStatus.TemporaryRedirect, meta));
    }

    [Fact]
    public void Create_never_makes_a_success_without_a_body_factory()
    {
        Assert.Throws<ArgumentException>(() => GeminiResponse.Create(GeminiStatus.Success, "text/gemini"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    [InlineData(99)]
    [InlineData(100)]
    public void Only_defined_status_codes_can_be_sent(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GeminiResponse.Create((GeminiStatus)code, "x"));
    }

    [Fact]
    public void Every_defined_status_is_two_digits()
    {
        Assert.All(Enum.GetValues<GeminiStatus>(), status => Assert.InRange((int)status, 10, 69));
    }

    [Fact]
    public void Only_success_carries_a_body()
    {
        var success = GeminiResponse.Gemtext("# Hi\n");
        var failure = GeminiResponse.NotFound();

        Assert.True(success.IsSuccess);
        Assert.Equal("# Hi\n", Encoding.UTF8.GetString(success.Body.Span));
        Assert.False(failure.IsSuccess);
        Assert.True(failure.Body.IsEmpty);
        Assert.Null(failure.BodyFile);
    }
}
