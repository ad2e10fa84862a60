using System.Net;
using System.Text;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Web.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace GeminiWiki.Web.Gateway;

/// <summary>
/// A web GET as the Gemini request for the same path, with the browser's client certificate and
/// address, answered by the Gemini server's own dispatcher: the same routes, access rules, rate
/// limits and pages, with nothing spelled twice.
/// </summary>
public sealed class GeminiGateway(IGeminiHandler dispatcher, GeminiSide gemini)
{
    private readonly ServedAuthority _served = new(gemini.HostNames, gemini.Port, acceptTitan: false);

    /// <summary>The Gemini request for a web path and query (both still percent-encoded), or the 59 that says why there is none.</summary>
    public GeminiRequest? Build(string path, string? query, ClientCertificate? client, IPEndPoint? remote, out GeminiResponse? rejection)
    {
        rejection = null;
        var url = $"gemini://{gemini.Host}:{gemini.Port}{path}{(query is null ? string.Empty : "?" + query)}";
        if (!RequestParser.TryParse(Encoding.UTF8.GetBytes(url), _served, null, out var request, out var reason))
        {
            rejection = reason == RequestRejectionReason.RequestTooLong
                ? GeminiResponse.BadRequest($"The address is too long: a Gemini request, and so this one, is at most {RequestParser.MaxRequestBytes} bytes. Shorten the search text or the answer.")
                : GeminiResponse.BadRequest($"This address cannot be served ({reason})");
            return null;
        }

        return request! with { Client = client, RemoteEndPoint = remote };
    }

    public async ValueTask<GeminiResponse> AskAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        await dispatcher.HandleAsync(request, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The Gemini query for a web query: a prompt's form sends <c>?q=answer</c> (form-encoded, '+'
    /// for a space), which becomes the answer percent-encoded as a Gemini client sends it; any other
    /// query (a link written for Gemini, a confirmation's answer) passes unchanged.
    /// </summary>
    public static string? GeminiQuery(string? webQuery)
    {
        if (string.IsNullOrEmpty(webQuery))
        {
            return webQuery is null ? null : string.Empty;
        }

        var fields = QueryHelpers.ParseQuery("?" + webQuery);
        if (fields.Count == 1 && fields.TryGetValue(GeminiToWeb.AnswerField, out var answer) && answer.Count == 1)
        {
            return Uri.EscapeDataString(answer[0] ?? string.Empty);
        }

        return webQuery;
    }
}
