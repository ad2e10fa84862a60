using System.Text;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Web.Html;

namespace GeminiWiki.Web.Gateway;

/// <summary>
/// Turns the Gemini answer for a path into the web answer for the same path: gemtext becomes an
/// HTML page, other content keeps its type (text as text/plain), prompts become forms, redirects
/// stay redirects and every failure becomes the matching HTTP status with a page that says what the
/// Gemini message says. Pure: no HttpContext, no I/O.
/// </summary>
public sealed class GeminiToWeb(WebPage page, GemtextHtml gemtext, WebLinks links, MarkdownHtml? markdown = null)
{
    /// <summary>The field a prompt's form sends; the gateway turns <c>?q=</c> back into a Gemini query.</summary>
    public const string AnswerField = "q";

    public WebAnswer Translate(GeminiResponse response, string path, string? query)
    {
        var geminiUrl = links.GeminiUrl(query is null ? path : path + "?" + query);
        switch (response.Status)
        {
            case GeminiStatus.Success:
                return Content(response, path, geminiUrl);
            case GeminiStatus.Input:
            case GeminiStatus.SensitiveInput:
                return WebAnswer.Page(200, page.Render(response.Meta, PromptForm(path, response.Meta, response.Status == GeminiStatus.SensitiveInput), geminiUrl));
            case GeminiStatus.TemporaryRedirect:
            case GeminiStatus.PermanentRedirect:
                var status = response.Status == GeminiStatus.PermanentRedirect ? 301 : 302;
                return links.Href(response.Meta) is { } target
                    ? WebAnswer.Redirect(status, target)
                    : Failure(500, "Redirect refused", "The page redirects to an address a browser must not follow: " + response.Meta, null);
            case GeminiStatus.SlowDown:
                var seconds = int.TryParse(response.Meta, out var wait) ? Math.Max(1, wait) : 60;
                return Failure(429, "Slow down", $"Too many requests from your address: try again in {seconds} seconds.", geminiUrl) with { RetryAfterSeconds = seconds };
            default:
                var (code, title) = StatusOf(response.Status);
                return Failure(code, title, response.Meta, geminiUrl, certificateHelp: code is 401 or 403 && IsCertificateStatus(response.Status));
        }
    }

    /// <summary>The HTTP status and heading for a Gemini failure.</summary>
    public static (int Status, string Title) StatusOf(GeminiStatus status) => status switch
    {
        GeminiStatus.TemporaryFailure => (503, "Temporarily unavailable"),
        GeminiStatus.ServerUnavailable => (503, "Server unavailable"),
        GeminiStatus.CgiError => (502, "Server error"),
        GeminiStatus.ProxyError => (502, "Server error"),
        GeminiStatus.SlowDown => (429, "Slow down"),
        GeminiStatus.PermanentFailure => (400, "Refused"),
        GeminiStatus.NotFound => (404, "Not found"),
        GeminiStatus.Gone => (410, "Gone"),
        GeminiStatus.ProxyRequestRefused => (400, "Not served here"),
        GeminiStatus.BadRequest => (400, "Bad request"),
        GeminiStatus.ClientCertificateRequired => (401, "Certificate required"),
        GeminiStatus.CertificateNotAuthorised => (403, "Not authorised"),
        GeminiStatus.CertificateNotValid => (403, "Certificate not valid"),
        _ => (500, "Server error"),
    };

    /// <summary>A page for a refusal: the message, and for certificate problems how to get and use one.</summary>
    public WebAnswer Failure(int status, string title, string message, string? geminiUrl, bool certificateHelp = false)
    {
        var body = new StringBuilder()
            .Append("<h1>").Append(Html.Html.Escape(title)).Append("</h1>\n")
            .Append("<p class=\"problem\">").Append(Html.Html.Escape(message.Length > 0 ? message : title)).Append("</p>\n");
        if (certificateHelp)
        {
            body.Append(CertificateHelp);
        }

        body.Append("<p><a href=\"/\">Main page</a></p>\n");
        return WebAnswer.Page(status, page.Render(title, body.ToString(), geminiUrl));
    }

    /// <summary>How a person without a working certificate gets one into the browser and onto the wiki.</summary>
    public const string CertificateHelp = """
        <h2>Signing in with a client certificate</h2>
        <p>This wiki has no passwords: you are the certificate your browser presents, the same one a Gemini client uses.</p>
        <ol>
        <li>Make a certificate, in your Gemini client (Lagrange: Identities → New identity, then export it) or with openssl:
        <pre aria-label="commands to make a certificate">openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj /CN=alice -keyout alice.key -out alice.crt
        openssl pkcs12 -export -inkey alice.key -in alice.crt -out alice.p12</pre></li>
        <li>Import <code>alice.p12</code> into your browser. Chromium and Chrome: Settings → Privacy and security → Security → Manage certificates → Your certificates → Import. Firefox: Settings → Privacy &amp; Security → Certificates → View Certificates → Your Certificates → Import.</li>
        <li>Close the browser's windows for this site (the choice of certificate is remembered per visit), open this page again and pick the certificate when the browser asks.</li>
        <li><a href="/register">Register</a> with it to choose a user name. The same certificate then works in a Gemini client too.</li>
        </ol>
        <p>A certificate that was refused (banned, not on the allow-list, expired or with a weak key) cannot be fixed here: make a new one, or ask an admin.</p>

        """;

    private static bool IsCertificateStatus(GeminiStatus status) =>
        status is GeminiStatus.ClientCertificateRequired or GeminiStatus.CertificateNotAuthorised or GeminiStatus.CertificateNotValid;

    private WebAnswer Content(GeminiResponse response, string path, string geminiUrl)
    {
        var mime = response.Meta;
        var media = mime.Split(';')[0].Trim().ToLowerInvariant();
        if (media == "text/gemini")
        {
            var text = response.BodyFile is { } file ? File.ReadAllText(file, Encoding.UTF8) : Encoding.UTF8.GetString(response.Body.Span);
            if (markdown?.TrySplit(path, text) is { } split)
            {
                return WebAnswer.Page(200, page.Render(split.Title, split.Html + gemtext.Render(split.RestGemtext).Body, geminiUrl));
            }

            var rendered = gemtext.Render(text);
            return WebAnswer.Page(200, page.Render(rendered.Title, rendered.Body, geminiUrl));
        }

        // Any other text is shown as text, never interpreted by the browser as markup.
        var type = media.StartsWith("text/", StringComparison.Ordinal) ? WebAnswer.PlainType : mime;
        return new WebAnswer(200, type, response.Body) { File = response.BodyFile };
    }

    private static string PromptForm(string path, string prompt, bool sensitive)
    {
        var type = sensitive ? "password" : "text";
        return new StringBuilder()
            .Append("<form method=\"get\" action=\"").Append(Html.Html.Escape(path)).Append("\">\n")
            .Append("<label for=\"answer\">").Append(Html.Html.Escape(prompt)).Append("</label>\n")
            .Append("<input id=\"answer\" name=\"").Append(AnswerField).Append("\" type=\"").Append(type).Append("\" autofocus>\n")
            .Append("<button type=\"submit\">Send</button>\n</form>\n")
            .ToString();
    }
}
