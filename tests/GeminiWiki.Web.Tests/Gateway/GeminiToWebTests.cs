using System.Text;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Web.Gateway;
using GeminiWiki.Web.Hosting;
using GeminiWiki.Web.Html;

namespace GeminiWiki.Web.Tests.Gateway;

public sealed class GeminiToWebTests
{
    private static readonly GeminiToWeb Web = Create();

    private static GeminiToWeb Create()
    {
        var links = new WebLinks(new GeminiSide(["wiki.example"], 1965));
        return new GeminiToWeb(new WebPage("Test Wiki", "de"), new GemtextHtml(links), links);
    }

    private static string Text(WebAnswer answer) => Encoding.UTF8.GetString(answer.Body.Span);

    [Theory]
    [InlineData(GeminiStatus.NotFound, 404)]
    [InlineData(GeminiStatus.Gone, 410)]
    [InlineData(GeminiStatus.BadRequest, 400)]
    [InlineData(GeminiStatus.PermanentFailure, 400)]
    [InlineData(GeminiStatus.ProxyRequestRefused, 400)]
    [InlineData(GeminiStatus.TemporaryFailure, 503)]
    [InlineData(GeminiStatus.ServerUnavailable, 503)]
    [InlineData(GeminiStatus.CgiError, 502)]
    [InlineData(GeminiStatus.ProxyError, 502)]
    [InlineData(GeminiStatus.ClientCertificateRequired, 401)]
    [InlineData(GeminiStatus.CertificateNotAuthorised, 403)]
    [InlineData(GeminiStatus.CertificateNotValid, 403)]
    public void Failures_get_the_matching_http_status_and_the_gemini_message(GeminiStatus status, int http)
    {
        var answer = Web.Translate(GeminiResponse.Create(status, "What <the> Gemini side said"), "/x", null);

        Assert.Equal(http, answer.Status);
        Assert.Equal(WebAnswer.HtmlType, answer.ContentType);
        Assert.Contains("<p class=\"problem\">What &lt;the&gt; Gemini side said</p>", Text(answer));
    }

    [Theory]
    [InlineData(GeminiStatus.ClientCertificateRequired, true)]
    [InlineData(GeminiStatus.CertificateNotAuthorised, true)]
    [InlineData(GeminiStatus.CertificateNotValid, true)]
    [InlineData(GeminiStatus.NotFound, false)]
    public void Certificate_refusals_explain_how_to_make_import_and_register_a_certificate(GeminiStatus status, bool explains)
    {
        var text = Text(Web.Translate(GeminiResponse.Create(status, "refused"), "/account", null));

        Assert.Equal(explains, text.Contains("openssl pkcs12 -export", StringComparison.Ordinal));
        Assert.Equal(explains, text.Contains("Manage certificates", StringComparison.Ordinal));
        Assert.Equal(explains, text.Contains("<a href=\"/register\">Register</a>", StringComparison.Ordinal));
    }

    [Fact]
    public void Slow_down_is_429_with_retry_after()
    {
        var answer = Web.Translate(GeminiResponse.SlowDown(120), "/register", null);

        Assert.Equal(429, answer.Status);
        Assert.Equal(120, answer.RetryAfterSeconds);
        Assert.Contains("try again in 120 seconds", Text(answer));
    }

    [Theory]
    [InlineData("/page/Home", 302, "/page/Home")]
    [InlineData("gemini://wiki.example/account", 302, "/account")]
    [InlineData("gemini://elsewhere.example/", 302, "gemini://elsewhere.example/")]
    public void Redirects_stay_redirects_with_web_targets(string target, int status, string location)
    {
        var answer = Web.Translate(GeminiResponse.Redirect(target), "/x", null);

        Assert.Equal(status, answer.Status);
        Assert.Equal(location, answer.Location);
    }

    [Fact]
    public void Permanent_redirects_are_301() =>
        Assert.Equal(301, Web.Translate(GeminiResponse.PermanentRedirect("/dir/"), "/dir", null).Status);

    [Fact]
    public void A_redirect_to_a_script_is_not_followed()
    {
        var answer = Web.Translate(GeminiResponse.Redirect("javascript:alert(1)"), "/x", null);

        Assert.Equal(500, answer.Status);
        Assert.Null(answer.Location);
    }

    [Fact]
    public void Gemtext_becomes_a_whole_html_page_with_language_stylesheet_and_gemini_address()
    {
        var answer = Web.Translate(GeminiResponse.Gemtext("# Hello\nworld\n", "de"), "/page/Hello", null);
        var html = Text(answer);

        Assert.Equal(200, answer.Status);
        Assert.Equal(WebAnswer.HtmlType, answer.ContentType);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"de\">", html);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html);
        Assert.Contains("<title>Hello – Test Wiki</title>", html);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/.web/wiki.css\">", html);
        Assert.Contains("<h1>Hello</h1>\n<p>world</p>\n", html);
        Assert.Contains("<a href=\"gemini://wiki.example/page/Hello\">", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("style=", html);
    }

    [Theory]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("text/markdown; charset=utf-8")]
    [InlineData("text/html")]
    public void Other_text_is_plain_text_never_markup(string mime)
    {
        var answer = Web.Translate(GeminiResponse.Success(mime, "<b>raw</b>"), "/raw/X", null);

        Assert.Equal(200, answer.Status);
        Assert.Equal("text/plain; charset=utf-8", answer.ContentType);
        Assert.Equal("<b>raw</b>", Text(answer));
    }

    [Fact]
    public void Other_content_keeps_its_type()
    {
        var answer = Web.Translate(GeminiResponse.Success("application/atom+xml", "<feed/>"), "/do/atom", null);

        Assert.Equal("application/atom+xml", answer.ContentType);
        Assert.Equal("<feed/>", Text(answer));
    }

    [Theory]
    [InlineData(GeminiStatus.Input, "text")]
    [InlineData(GeminiStatus.SensitiveInput, "password")]
    public void A_prompt_becomes_a_get_form_for_the_same_path(GeminiStatus status, string type)
    {
        var response = status == GeminiStatus.Input ? GeminiResponse.Input("Search <for>:") : GeminiResponse.SensitiveInput("Search <for>:");
        var html = Text(Web.Translate(response, "/do/search", null));

        Assert.Contains("<form method=\"get\" action=\"/do/search\">", html);
        Assert.Contains("<label for=\"answer\">Search &lt;for&gt;:</label>", html);
        Assert.Contains($"<input id=\"answer\" name=\"q\" type=\"{type}\" autofocus>", html);
    }
}
