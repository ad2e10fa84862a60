using System.Text;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Web.Gateway;
using GeminiWiki.Web.Html;
using Microsoft.AspNetCore.Antiforgery;

namespace GeminiWiki.Web.Forms;

/// <summary>
/// /register in a browser: a POST form whose answer goes to the Gemini /register route, so the
/// name rules, reserved names and per-address rate limit are the Gemini side's own. A GET never
/// registers anything, whatever its query says.
/// </summary>
public sealed class RegisterForm(GeminiGateway gateway, GeminiToWeb web, WebPage page)
{
    public const string Path = "/register";
    public const string NameField = "name";

    public async Task<WebAnswer> ShowAsync(ClientCertificate? client, System.Net.IPEndPoint? remote, AntiforgeryTokenSet tokens, CancellationToken cancellationToken)
    {
        var request = gateway.Build(Path, null, client, remote, out var rejection);
        var answer = request is null ? rejection! : await gateway.AskAsync(request, cancellationToken).ConfigureAwait(false);
        return Answer(answer, 200, tokens);
    }

    public async Task<WebAnswer> SubmitAsync(string name, ClientCertificate? client, System.Net.IPEndPoint? remote, AntiforgeryTokenSet tokens, CancellationToken cancellationToken)
    {
        // An empty name is an empty Gemini answer: the certificate's own name is taken.
        var request = gateway.Build(Path, Uri.EscapeDataString(name.Trim()), client, remote, out var rejection);
        var answer = request is null ? rejection! : await gateway.AskAsync(request, cancellationToken).ConfigureAwait(false);
        return Answer(answer, 400, tokens);
    }

    private WebAnswer Answer(GeminiResponse answer, int promptStatus, AntiforgeryTokenSet tokens)
    {
        if (answer.Status is GeminiStatus.Input or GeminiStatus.SensitiveInput)
        {
            var html = new StringBuilder("<h1>Register</h1>\n<p>Your client certificate becomes your account: no password, the same identity in a Gemini client.</p>\n");
            FormHtml.OpenPost(html, Path, tokens)
                .Append("<label for=\"name\">").Append(Html.Html.Escape(answer.Meta)).Append("</label>\n")
                .Append("<input id=\"name\" name=\"").Append(NameField).Append("\" type=\"text\" maxlength=\"64\" autocomplete=\"username\" autofocus>\n")
                .Append("<button type=\"submit\">Register</button>\n</form>\n");
            return WebAnswer.Page(promptStatus, page.Render("Register", html.ToString()));
        }

        // Registered (or already): the Gemini side redirects to /account; after a POST the browser must GET it.
        var translated = web.Translate(answer, Path, null);
        return translated is { Status: 302, Location: { } location } ? WebAnswer.Redirect(303, location) : translated;
    }
}
