using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Web.Forms;
using GeminiWiki.Web.Gateway;
using GeminiWiki.Web.Html;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace GeminiWiki.Web.Hosting;

/// <summary>
/// Every web request, in one place: who is asking (the certificate, as on Gemini), which of the few
/// web-only paths it is (the stylesheet, the edit and register forms), otherwise the Gemini answer
/// for the same path; then the one response writer, with the security headers and the access line.
/// </summary>
public sealed partial class WebFrontApplication(
    WebFrontContext context,
    GeminiGateway gateway,
    GeminiToWeb web,
    PageEditForm editForm,
    RegisterForm registerForm,
    IAntiforgery antiforgery,
    ILogger<WebFrontApplication> logger)
{
    /// <summary>The Gemini route that explains editing; on the web it leads to the edit form.</summary>
    private const string GeminiEditPrefix = "/do/edit/";

    private static readonly Lazy<byte[]> Stylesheet = new(() =>
    {
        using var stream = typeof(WebFrontApplication).Assembly.GetManifestResourceStream("wiki.css")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public async Task HandleAsync(HttpContext http)
    {
        var started = context.Time.GetTimestamp();
        var client = http.Connection.ClientCertificate is { } certificate ? ClientCertificate.From(certificate) : null;
        if (client is not null)
        {
            // Antiforgery tokens are bound to the user; here the user is the certificate's fingerprint.
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, client.Sha256)], "ClientCertificate"));
        }

        var (path, query) = SplitTarget(http);
        WebAnswer answer;
        try
        {
            answer = await AnswerAsync(http, path, query, client).ConfigureAwait(false);
        }
        catch (StorageFullException ex)
        {
            answer = web.Failure(503, "Out of disk space", ex.Message, null);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limits (a form larger than Web:MaxRequestBodyBytes) end here.
            answer = web.Failure(ex.StatusCode, ex.StatusCode == 413 ? "Too large" : "Bad request", ex.StatusCode == 413
                ? "The form is larger than this wiki accepts. Nothing was saved."
                : "The request could not be read. Nothing was saved.", null);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogFault(logger, ex, path);
            answer = web.Failure(500, "Server error", "Something went wrong on the server; it has been logged. Please try again.", null);
        }

        await WriteAsync(http, answer).ConfigureAwait(false);
        var url = $"{http.Request.Method} https://{http.Request.Host}{path}{(query is null ? string.Empty : "?" + query)}";
        context.AccessLog.Request(http.Connection.RemoteIpAddress, url, answer.Status, answer.Meta, http.Response.ContentLength ?? 0,
            context.Time.GetElapsedTime(started).TotalMilliseconds, client is null ? "-" : client.Sha256[..16]);
    }

    private async Task<WebAnswer> AnswerAsync(HttpContext http, string path, string? query, ClientCertificate? client)
    {
        var method = http.Request.Method;
        var isPost = HttpMethods.IsPost(method);
        if (!isPost && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            return web.Failure(405, "Method not allowed", "Pages are read with GET; forms are sent with POST.", null);
        }

        var remote = http.Connection.RemoteIpAddress is { } address ? new IPEndPoint(address, http.Connection.RemotePort) : null;
        var cancel = http.RequestAborted;
        if (path == WebPage.StylesheetPath && !isPost)
        {
            return new WebAnswer(200, "text/css; charset=utf-8", Stylesheet.Value);
        }

        if (path == RegisterForm.Path)
        {
            if (!isPost)
            {
                return await registerForm.ShowAsync(client, remote, antiforgery.GetAndStoreTokens(http), cancel).ConfigureAwait(false);
            }

            var (form, refused) = await ReadFormAsync(http).ConfigureAwait(false);
            if (refused is not null)
            {
                return refused;
            }

            return await registerForm.SubmitAsync(form![RegisterForm.NameField].ToString(), client, remote, antiforgery.GetAndStoreTokens(http), cancel).ConfigureAwait(false);
        }

        if (path.StartsWith(PageEditForm.PathPrefix, StringComparison.Ordinal))
        {
            return await EditAsync(http, path, client, remote, isPost).ConfigureAwait(false);
        }

        if (isPost)
        {
            return web.Failure(405, "Method not allowed", "Only the edit and register forms accept POST.", null);
        }

        if (path.StartsWith(GeminiEditPrefix, StringComparison.Ordinal))
        {
            return WebAnswer.Redirect(302, PageEditForm.PathPrefix + path[GeminiEditPrefix.Length..]);
        }

        var geminiQuery = GeminiGateway.GeminiQuery(query);
        var request = gateway.Build(path, geminiQuery, client, remote, out var rejection);
        var response = request is null ? rejection! : await gateway.AskAsync(request, cancel).ConfigureAwait(false);
        return web.Translate(response, path, geminiQuery);
    }

    private async Task<WebAnswer> EditAsync(HttpContext http, string path, ClientCertificate? client, IPEndPoint? remote, bool isPost)
    {
        var segment = path[PageEditForm.PathPrefix.Length..];
        if (!PercentEncoding.TryDecode(segment, out var text))
        {
            return web.Failure(400, "Bad request", "The page name is not valid percent-encoded UTF-8.", null);
        }

        if (!PageName.TryParse(text, context.Wiki.MaxNameLength, out var name, out var problem))
        {
            return web.Failure(400, "Bad request", $"Not a page name: {problem}", null);
        }

        var request = gateway.Build(path, null, client, remote, out var rejection);
        if (request is null)
        {
            return web.Translate(rejection!, path, null);
        }

        // The same gate and the same rule as a Titan upload: whoever the edit policy lets edit.
        var visitor = context.Gate.Identify(request);
        if (context.Gate.Refuse(visitor, RouteAccess.Edit) is { } refusal)
        {
            return web.Translate(refusal, path, null);
        }

        if (!isPost)
        {
            return editForm.Show(visitor, name, antiforgery.GetAndStoreTokens(http));
        }

        var (form, refused) = await ReadFormAsync(http).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        return await editForm.SaveAsync(visitor, name, form!, () => antiforgery.GetAndStoreTokens(http), http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// A posted form, or the refusal to send instead. The body is read first, so Kestrel's size
    /// limit answers 413 for itself; then the antiforgery token must match this certificate.
    /// </summary>
    private async Task<(IFormCollection? Form, WebAnswer? Refusal)> ReadFormAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return (null, web.Failure(415, "Not a form", "Send this page's form from the wiki's own page. Nothing was changed.", null));
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        try
        {
            if (await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
            {
                return (form, null);
            }
        }
        catch (AntiforgeryValidationException)
        {
            // A malformed token is just another invalid one.
        }

        return (null, web.Failure(400, "Form expired or not from this wiki",
            "This form was not sent from this wiki's own page, for this certificate, recently enough. Nothing was changed: open the page again and resend the form.", null));
    }

    private static (string Path, string? Query) SplitTarget(HttpContext http)
    {
        // The raw target keeps the browser's percent-encoding, exactly as a Gemini client would send it.
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            raw = http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent();
        }

        var mark = raw.IndexOf('?', StringComparison.Ordinal);
        return mark < 0 ? (raw, null) : (raw[..mark], raw[(mark + 1)..]);
    }

    private static async Task WriteAsync(HttpContext http, WebAnswer answer)
    {
        var response = http.Response;
        response.StatusCode = answer.Status;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        if (answer.Location is { } location)
        {
            headers.Location = location;
        }

        if (answer.RetryAfterSeconds is { } seconds)
        {
            headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        response.ContentType = answer.ContentType;
        if (answer.File is { } file)
        {
            response.ContentLength = new FileInfo(file).Length;
            if (!HttpMethods.IsHead(http.Request.Method))
            {
                await response.SendFileAsync(file, http.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        response.ContentLength = answer.Body.Length;
        if (!HttpMethods.IsHead(http.Request.Method) && answer.Body.Length > 0)
        {
            await response.Body.WriteAsync(answer.Body, http.RequestAborted).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Web request for {Path} failed")]
    private static partial void LogFault(ILogger logger, Exception exception, string path);
}
