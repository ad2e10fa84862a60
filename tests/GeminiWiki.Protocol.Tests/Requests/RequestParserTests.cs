using System.Net;
using System.Text;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Protocol.Tests.Requests;

/// <summary>One row per rule of the request table in docs/gemini.md.</summary>
public sealed class RequestParserTests
{
    private static readonly ServedAuthority Served = new(["localhost"], 1965, acceptTitan: true);
    private static readonly ServedAuthority ServedWithoutTitan = new(["localhost"], 1965, acceptTitan: false);

    // The longest request: "gemini://localhost/" plus padding to exactly 1024 bytes.
    private static readonly string Longest = "gemini://localhost/" + new string('a', RequestParser.MaxRequestBytes - "gemini://localhost/".Length);

    public static TheoryData<string, byte[], RequestRejectionReason> Rejections => new()
    {
        // Length: 1025 bytes is one too many.
        { "1025 bytes", Utf8(Longest + "a"), RequestRejectionReason.RequestTooLong },
        { "1025 bytes of multi-byte text", Utf8("gemini://localhost/" + new string('é', 503)), RequestRejectionReason.RequestTooLong },
        // Not an absolute URI.
        { "empty line", [], RequestRejectionReason.EmptyRequest },
        { "path only", Utf8("/"), RequestRejectionReason.NotAbsoluteUri },
        { "network-path reference", Utf8("//localhost/"), RequestRejectionReason.NotAbsoluteUri },
        { "network-path reference with port", Utf8("//localhost:1965/"), RequestRejectionReason.NotAbsoluteUri },
        { "junk", Utf8("hello"), RequestRejectionReason.NotAbsoluteUri },
        { "junk with spaces", Utf8("GET / HTTP/1.1"), RequestRejectionReason.NotAbsoluteUri },
        { "host without scheme", Utf8("localhost/index.gmi"), RequestRejectionReason.NotAbsoluteUri },
        { "scheme without authority", Utf8("gemini:/index.gmi"), RequestRejectionReason.MissingAuthority },
        { "scheme only", Utf8("gemini:"), RequestRejectionReason.MissingAuthority },
        { "malformed scheme", Utf8("1gemini://localhost/"), RequestRejectionReason.InvalidScheme },
        { "scheme with underscore", Utf8("gem_ini://localhost/"), RequestRejectionReason.InvalidScheme },
        // Userinfo and fragment.
        { "userinfo", Utf8("gemini://user@localhost/"), RequestRejectionReason.UserInfo },
        { "userinfo with password", Utf8("gemini://user:secret@localhost/"), RequestRejectionReason.UserInfo },
        { "empty userinfo", Utf8("gemini://@localhost/"), RequestRejectionReason.UserInfo },
        { "fragment", Utf8("gemini://localhost/#x"), RequestRejectionReason.Fragment },
        { "empty fragment", Utf8("gemini://localhost/#"), RequestRejectionReason.Fragment },
        { "fragment after query", Utf8("gemini://localhost/?q#x"), RequestRejectionReason.Fragment },
        { "fragment without path", Utf8("gemini://localhost#x"), RequestRejectionReason.Fragment },
        // Encoding: BOM, invalid UTF-8, control characters.
        { "byte order mark", [0xEF, 0xBB, 0xBF, .. Utf8("gemini://localhost/")], RequestRejectionReason.ByteOrderMark },
        { "invalid byte", [.. Utf8("gemini://localhost/"), 0xFF], RequestRejectionReason.InvalidUtf8 },
        { "Latin-1 byte", [.. Utf8("gemini://localhost/caf"), 0xE9], RequestRejectionReason.InvalidUtf8 },
        { "overlong encoding of '/'", [.. Utf8("gemini://localhost/"), 0xC0, 0xAF], RequestRejectionReason.InvalidUtf8 },
        { "encoded surrogate", [.. Utf8("gemini://localhost/"), 0xED, 0xA0, 0x80], RequestRejectionReason.InvalidUtf8 },
        { "truncated sequence", [.. Utf8("gemini://localhost/"), 0xE2, 0x82], RequestRejectionReason.InvalidUtf8 },
        { "NUL", Utf8("gemini://localhost/\0"), RequestRejectionReason.ControlCharacter },
        { "NUL before the URI", Utf8("\0gemini://localhost/"), RequestRejectionReason.ControlCharacter },
        { "tab", Utf8("gemini://localhost/\t"), RequestRejectionReason.ControlCharacter },
        { "escape", Utf8("gemini://localhost/\u001b[31m"), RequestRejectionReason.ControlCharacter },
        { "bare CR inside", Utf8("gemini://localhost/\rx"), RequestRejectionReason.ControlCharacter },
        { "bare LF inside", Utf8("gemini://localhost/\nx"), RequestRejectionReason.ControlCharacter },
        { "DEL", Utf8("gemini://localhost/\u007f"), RequestRejectionReason.ControlCharacter },
        { "C1 control", Utf8("gemini://localhost/\u0085"), RequestRejectionReason.ControlCharacter },
        // Characters that must be percent-encoded.
        { "space", Utf8("gemini://localhost/a b"), RequestRejectionReason.InvalidCharacter },
        { "space in query", Utf8("gemini://localhost/?a b"), RequestRejectionReason.InvalidCharacter },
        { "quote", Utf8("gemini://localhost/\"x\""), RequestRejectionReason.InvalidCharacter },
        { "angle brackets", Utf8("gemini://localhost/<x>"), RequestRejectionReason.InvalidCharacter },
        { "backslash", Utf8("gemini://localhost/a\\b"), RequestRejectionReason.InvalidCharacter },
        { "braces", Utf8("gemini://localhost/{x}"), RequestRejectionReason.InvalidCharacter },
        // Percent-encoding.
        { "lone percent", Utf8("gemini://localhost/%"), RequestRejectionReason.InvalidPercentEncoding },
        { "one hex digit", Utf8("gemini://localhost/%4"), RequestRejectionReason.InvalidPercentEncoding },
        { "non-hex digits", Utf8("gemini://localhost/%zz"), RequestRejectionReason.InvalidPercentEncoding },
        { "bad escape in query", Utf8("gemini://localhost/?%g0"), RequestRejectionReason.InvalidPercentEncoding },
        { "percent at query end", Utf8("gemini://localhost/?a%"), RequestRejectionReason.InvalidPercentEncoding },
        // Authority syntax.
        { "empty host", Utf8("gemini:///"), RequestRejectionReason.EmptyHost },
        { "empty authority", Utf8("gemini://"), RequestRejectionReason.EmptyHost },
        { "port without host", Utf8("gemini://:1965/"), RequestRejectionReason.EmptyHost },
        { "dot as host", Utf8("gemini://./"), RequestRejectionReason.EmptyHost },
        { "percent in host", Utf8("gemini://local%68ost/"), RequestRejectionReason.InvalidHost },
        { "two ports", Utf8("gemini://localhost:1965:1965/"), RequestRejectionReason.InvalidHost },
        { "unclosed IPv6 literal", Utf8("gemini://[::1/"), RequestRejectionReason.InvalidHost },
        { "bad IPv6 literal", Utf8("gemini://[zz::1]/"), RequestRejectionReason.InvalidHost },
        { "IPv4 in brackets", Utf8("gemini://[127.0.0.1]/"), RequestRejectionReason.InvalidHost },
        { "junk after IPv6 literal", Utf8("gemini://[::1]x/"), RequestRejectionReason.InvalidHost },
        { "non-numeric port", Utf8("gemini://localhost:http/"), RequestRejectionReason.InvalidPort },
        { "port zero", Utf8("gemini://localhost:0/"), RequestRejectionReason.InvalidPort },
        { "port too large", Utf8("gemini://localhost:65536/"), RequestRejectionReason.InvalidPort },
        { "signed port", Utf8("gemini://localhost:+1965/"), RequestRejectionReason.InvalidPort },
        // Other schemes: 53.
        { "https", Utf8("https://localhost/"), RequestRejectionReason.UnsupportedScheme },
        { "gopher", Utf8("gopher://localhost/"), RequestRejectionReason.UnsupportedScheme },
        { "mailto", Utf8("mailto:someone@localhost"), RequestRejectionReason.UnsupportedScheme },
        { "other scheme with userinfo", Utf8("http://u@localhost/#x"), RequestRejectionReason.UnsupportedScheme },
        // Host or port not served: 53.
        { "other host", Utf8("gemini://example.org/"), RequestRejectionReason.HostNotServed },
        { "subdomain", Utf8("gemini://www.localhost/"), RequestRejectionReason.HostNotServed },
        { "two trailing dots", Utf8("gemini://localhost../"), RequestRejectionReason.HostNotServed },
        { "other port", Utf8("gemini://localhost:1966/"), RequestRejectionReason.PortNotServed },
        { "highest port", Utf8("gemini://localhost:65535/"), RequestRejectionReason.PortNotServed },
        // Climbing above the root: 59.
        { "dot-dot at the root", Utf8("gemini://localhost/.."), RequestRejectionReason.PathAboveRoot },
        { "dot-dot twice", Utf8("gemini://localhost/../../"), RequestRejectionReason.PathAboveRoot },
        { "dot-dot past the root", Utf8("gemini://localhost/a/../../b"), RequestRejectionReason.PathAboveRoot },
        { "encoded dot-dot", Utf8("gemini://localhost/%2e%2e/etc/passwd"), RequestRejectionReason.PathAboveRoot },
        { "upper-case encoded dot-dot", Utf8("gemini://localhost/a/%2E%2E/%2E%2E/"), RequestRejectionReason.PathAboveRoot },
        { "half-encoded dot-dot", Utf8("gemini://localhost/.%2e/"), RequestRejectionReason.PathAboveRoot },
        // Titan parameters.
        { "titan without parameters", Utf8("titan://localhost/raw/Home"), RequestRejectionReason.TitanMissingSize },
        { "titan without size", Utf8("titan://localhost/raw/Home;mime=text/plain;token=t"), RequestRejectionReason.TitanMissingSize },
        { "titan empty size", Utf8("titan://localhost/raw/Home;size="), RequestRejectionReason.TitanInvalidSize },
        { "titan non-numeric size", Utf8("titan://localhost/raw/Home;size=ten"), RequestRejectionReason.TitanInvalidSize },
        { "titan negative size", Utf8("titan://localhost/raw/Home;size=-1"), RequestRejectionReason.TitanInvalidSize },
        { "titan signed size", Utf8("titan://localhost/raw/Home;size=+1"), RequestRejectionReason.TitanInvalidSize },
        { "titan fractional size", Utf8("titan://localhost/raw/Home;size=1.5"), RequestRejectionReason.TitanInvalidSize },
        { "titan exponent size", Utf8("titan://localhost/raw/Home;size=1e3"), RequestRejectionReason.TitanInvalidSize },
        { "titan size beyond any integer", Utf8("titan://localhost/raw/Home;size=99999999999999999999"), RequestRejectionReason.TitanInvalidSize },
        { "titan parameter without value", Utf8("titan://localhost/raw/Home;size=3;token"), RequestRejectionReason.TitanInvalidParameter },
        { "titan parameter without name", Utf8("titan://localhost/raw/Home;size=3;=x"), RequestRejectionReason.TitanInvalidParameter },
        { "titan bad escape in token", Utf8("titan://localhost/raw/Home;size=3;token=%zz"), RequestRejectionReason.TitanInvalidParameter },
        { "titan parameters before the last segment", Utf8("titan://localhost/raw;size=3/Home"), RequestRejectionReason.TitanInvalidSize },
        { "titan parameter list without name=value", Utf8("titan://localhost/raw/Home;3"), RequestRejectionReason.TitanMissingSize },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejects(string rule, byte[] line, RequestRejectionReason reason)
    {
        var accepted = RequestParser.TryParse(line, Served, IPAddress.Loopback, out var request, out var actual);

        Assert.False(accepted, rule);
        Assert.Null(request);
        Assert.Equal(reason, actual);
    }

    [Theory]
    [InlineData("titan://localhost/raw/Home;size=3")]
    [InlineData("TITAN://localhost/raw/Home;size=3")]
    public void Titan_is_a_foreign_scheme_where_uploads_are_not_accepted(string url)
    {
        Assert.False(RequestParser.TryParse(Utf8(url), ServedWithoutTitan, IPAddress.Loopback, out _, out var reason));
        Assert.Equal(RequestRejectionReason.UnsupportedScheme, reason);
        Assert.Equal(53, RequestRejection.ToResponse(reason).Code);
    }

    [Theory]
    // Exactly 1024 bytes is accepted.
    [InlineData("longest", null, "/", null)]
    // The empty path is "/" (never a redirect).
    [InlineData("gemini://localhost", null, "/", null)]
    [InlineData("gemini://localhost/", null, "/", null)]
    [InlineData("gemini://localhost?q", null, "/", "q")]
    [InlineData("gemini://localhost:1965", 1965, "/", null)]
    // An empty port is the default port.
    [InlineData("gemini://localhost:/", null, "/", null)]
    [InlineData("gemini://localhost:01965/x", 1965, "/x", null)]
    // Scheme and host are case-insensitive; a trailing dot names the same host.
    [InlineData("GEMINI://LocalHost/Page", null, "/Page", null)]
    [InlineData("gemini://localhost./", null, "/", null)]
    [InlineData("gemini://LOCALHOST.:1965/", 1965, "/", null)]
    // Dot-segments are removed (RFC 3986 5.2.4).
    [InlineData("gemini://localhost/a/../b", null, "/b", null)]
    [InlineData("gemini://localhost/./a", null, "/a", null)]
    [InlineData("gemini://localhost/a/./b/.", null, "/a/b/", null)]
    [InlineData("gemini://localhost/a/b/..", null, "/a/", null)]
    [InlineData("gemini://localhost/a/..", null, "/", null)]
    [InlineData("gemini://localhost/.", null, "/", null)]
    [InlineData("gemini://localhost/a/b/../../c/", null, "/c/", null)]
    [InlineData("gemini://localhost/a/%2e%2e/b", null, "/b", null)]
    [InlineData("gemini://localhost/%2E/a", null, "/a", null)]
    [InlineData("gemini://localhost/a/.%2E/b?x=/../y", null, "/b", "x=/../y")]
    // Dots inside names are not dot-segments.
    [InlineData("gemini://localhost/a..b/.c/..d", null, "/a..b/.c/..d", null)]
    // Escaped unreserved characters are decoded, other escapes stay (upper-cased).
    [InlineData("gemini://localhost/%41%7e%2D", null, "/A~-", null)]
    [InlineData("gemini://localhost/a%2fb", null, "/a%2Fb", null)]
    [InlineData("gemini://localhost/caf%c3%a9", null, "/caf%C3%A9", null)]
    [InlineData("gemini://localhost/%2e%2e%2fx", null, "/..%2Fx", null)]
    // The query is kept as sent, still encoded.
    [InlineData("gemini://localhost/search?hello%20world", null, "/search", "hello%20world")]
    [InlineData("gemini://localhost/search?", null, "/search", "")]
    [InlineData("gemini://localhost/search?a?b/c", null, "/search", "a?b/c")]
    // Non-ASCII text (an IRI) passes through.
    [InlineData("gemini://localhost/café", null, "/café", null)]
    // Sub-delims, ':' and '@' are fine in a path; ';' belongs to the path on gemini://.
    [InlineData("gemini://localhost/a:b@c!$&'()*+,;=", null, "/a:b@c!$&'()*+,;=", null)]
    [InlineData("gemini://localhost/page;size=3", null, "/page;size=3", null)]
    public void Accepts(string url, int? port, string path, string? query)
    {
        var line = url == "longest" ? Longest : url;
        Assert.True(RequestParser.TryParse(Utf8(line), Served, IPAddress.Loopback, out var request, out var reason), reason.ToString());

        Assert.NotNull(request);
        Assert.Equal(GeminiScheme.Gemini, request.Scheme);
        Assert.Equal("localhost", request.Host);
        Assert.Equal(port, request.Port);
        Assert.Equal(url == "longest" ? "/" + new string('a', RequestParser.MaxRequestBytes - "gemini://localhost/".Length) : path, request.Path);
        Assert.Equal(query, request.Query);
        Assert.Equal(line, request.Url);
        Assert.Null(request.Titan);
    }

    [Fact]
    public void Exactly_1024_bytes_of_multi_byte_text_is_accepted()
    {
        // "gemini://localhost/" is 19 bytes; 502 × "é" (2 bytes each) and one "a" make 1024.
        var url = "gemini://localhost/" + new string('é', 502) + "a";
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(url));

        Assert.True(RequestParser.TryParse(Utf8(url), Served, IPAddress.Loopback, out _, out _));
    }

    [Theory]
    [InlineData("gemini://[::1]:1965/", "[::1]", 1965)]
    [InlineData("gemini://[2001:DB8::7]/", "[2001:db8::7]", null)]
    [InlineData("gemini://127.0.0.1/", "127.0.0.1", null)]
    public void IP_literal_hosts_keep_their_form(string url, string host, int? port)
    {
        var local = IPAddress.Parse(host.Trim('[', ']'));
        Assert.True(RequestParser.TryParse(Utf8(url), Served, local, out var request, out _));

        Assert.Equal(host, request!.Host);
        Assert.Equal(port, request.Port);
        Assert.Equal(port is null ? $"gemini://{host}" : $"gemini://{host}:{port}", request.BaseUrl);
    }

    [Theory]
    [InlineData("titan://localhost/raw/Home;size=10", "/raw/Home", 10L, "text/gemini", null)]
    [InlineData("titan://localhost/raw/Home;size=0", "/raw/Home", 0L, "text/gemini", null)]
    [InlineData("titan://localhost/raw/Home;mime=text/plain;size=5;token=abc", "/raw/Home", 5L, "text/plain", "abc")]
    [InlineData("titan://localhost/raw/Home;token=abc;size=5;mime=text/plain", "/raw/Home", 5L, "text/plain", "abc")]
    [InlineData("titan://localhost/raw/Home;SIZE=5;MIME=text/markdown", "/raw/Home", 5L, "text/markdown", null)]
    [InlineData("titan://localhost/raw/Home;size=5;mime=", "/raw/Home", 5L, "text/gemini", null)]
    [InlineData("titan://localhost/raw/Home;size=5;token=two%20words", "/raw/Home", 5L, "text/gemini", "two words")]
    [InlineData("titan://localhost/raw/Home;size=5;mime=text/plain%3B%20charset=utf-8", "/raw/Home", 5L, "text/plain; charset=utf-8", null)]
    [InlineData("titan://localhost/raw/Home;size=5;unknown=1;", "/raw/Home", 5L, "text/gemini", null)]
    [InlineData("titan://localhost:1965/raw/Caf%C3%A9;size=7", "/raw/Caf%C3%A9", 7L, "text/gemini", null)]
    [InlineData("titan://localhost/raw/a;b/Home;size=5", "/raw/a;b/Home", 5L, "text/gemini", null)]
    [InlineData("titan://localhost/raw/Home;draft;size=5", "/raw/Home;draft", 5L, "text/gemini", null)]
    [InlineData("titan://localhost/raw/x/../Home;size=5", "/raw/Home", 5L, "text/gemini", null)]
    [InlineData("titan://localhost/raw/Home;size=999999999999999999", "/raw/Home", 999999999999999999L, "text/gemini", null)]
    public void Parses_titan_parameters(string url, string path, long size, string mime, string? token)
    {
        Assert.True(RequestParser.TryParse(Utf8(url), Served, IPAddress.Loopback, out var request, out var reason), reason.ToString());

        Assert.Equal(GeminiScheme.Titan, request!.Scheme);
        Assert.Equal(path, request.Path);
        Assert.NotNull(request.Titan);
        Assert.Equal(size, request.Titan.Size);
        Assert.Equal(mime, request.Titan.Mime);
        Assert.Equal(token, request.Titan.Token);
    }

    [Theory]
    [InlineData(RequestRejectionReason.EmptyRequest, 59)]
    [InlineData(RequestRejectionReason.RequestTooLong, 59)]
    [InlineData(RequestRejectionReason.ByteOrderMark, 59)]
    [InlineData(RequestRejectionReason.InvalidUtf8, 59)]
    [InlineData(RequestRejectionReason.ControlCharacter, 59)]
    [InlineData(RequestRejectionReason.NotAbsoluteUri, 59)]
    [InlineData(RequestRejectionReason.InvalidScheme, 59)]
    [InlineData(RequestRejectionReason.MissingAuthority, 59)]
    [InlineData(RequestRejectionReason.UserInfo, 59)]
    [InlineData(RequestRejectionReason.Fragment, 59)]
    [InlineData(RequestRejectionReason.EmptyHost, 59)]
    [InlineData(RequestRejectionReason.InvalidHost, 59)]
    [InlineData(RequestRejectionReason.InvalidPort, 59)]
    [InlineData(RequestRejectionReason.InvalidCharacter, 59)]
    [InlineData(RequestRejectionReason.InvalidPercentEncoding, 59)]
    [InlineData(RequestRejectionReason.UnsupportedScheme, 53)]
    [InlineData(RequestRejectionReason.HostNotServed, 53)]
    [InlineData(RequestRejectionReason.PortNotServed, 53)]
    [InlineData(RequestRejectionReason.PathAboveRoot, 59)]
    [InlineData(RequestRejectionReason.TitanMissingSize, 59)]
    [InlineData(RequestRejectionReason.TitanInvalidSize, 59)]
    [InlineData(RequestRejectionReason.TitanInvalidParameter, 59)]
    public void Each_rejection_maps_to_its_status(RequestRejectionReason reason, int code)
    {
        var response = RequestRejection.ToResponse(reason);

        Assert.Equal(code, response.Code);
        Assert.NotEmpty(response.Meta);
    }

    [Fact]
    public void Every_rejection_reason_has_a_response()
    {
        foreach (var reason in Enum.GetValues<RequestRejectionReason>())
        {
            Assert.Contains(RequestRejection.ToResponse(reason).Status, new[] { GeminiStatus.BadRequest, GeminiStatus.ProxyRequestRefused });
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
