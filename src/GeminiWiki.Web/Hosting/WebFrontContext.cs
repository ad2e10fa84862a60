using System.Net;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Web.Hosting;

/// <summary>
/// What the web front shares with the Gemini server: the same dispatcher, access gate and page store
/// (so the same accounts, rules, rate limits and revisions), never a database of its own.
/// </summary>
public sealed record WebFrontContext(
    IGeminiHandler Dispatcher,
    IAccessGate<Visitor> Gate,
    IPageStore Pages,
    PageRenderCache RenderCache,
    WikiOptions Wiki,
    string Language,
    string DataDirectory,
    TimeProvider Time,
    IWebAccessLog AccessLog,
    Func<X509Certificate2> Certificate,
    Func<Task<GeminiSide>> Gemini);

/// <summary>Where the Gemini side answers: its host names and the port in its URLs, known once it is bound.</summary>
public sealed record GeminiSide(IReadOnlyList<string> HostNames, int Port)
{
    public string Host => HostNames[0];

    public string BaseUrl => Port == 1965 ? $"gemini://{Host}" : $"gemini://{Host}:{Port}";
}

/// <summary>Writes the one access line per request in the Gemini listener's format (its IP masking included).</summary>
public interface IWebAccessLog
{
    void Request(IPAddress? remote, string url, int status, string meta, long bytes, double durationMs, string certificate);
}
