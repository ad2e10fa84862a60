using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Wiki;

/// <summary>The wiki's routes, Phoebe's layout: reading under /page, /raw, /history, /diff, /do; editing by Titan on /raw and by input prompts under /do.</summary>
public sealed class WikiRoutes : IRouteModule
{
    private readonly WikiReading _reading;
    private readonly WikiEditing _editing;

    public WikiRoutes(IPageStore store, IAccessGate gate, PageRenderCache renderCache, WikiOptions options, string language, TimeProvider time)
    {
        _reading = new WikiReading(store, gate, renderCache, options, language, time);
        _editing = new WikiEditing(store, gate, options, language);
    }

    public void MapRoutes(RouteTable routes)
    {
        routes
            .Map("/", _reading.MainPageAsync)
            .Map("/robots.txt", _reading.RobotsAsync)
            .Map("/page/{name}/{rev?}", _reading.PageAsync)
            // Titan uploads go to /raw/<name>; a gemini request there reads the source.
            .Map("/raw/{name}/{rev?}", RawAsync, acceptsTitan: true)
            .Map("/history/{name}", _reading.HistoryAsync)
            .Map("/diff/{name}/{rev}", _reading.DiffAsync)
            .Map("/do/index", _reading.IndexAsync)
            .Map("/do/changes/{count?}", _reading.ChangesAsync)
            .Map("/do/match", _reading.MatchAsync)
            .Map("/do/search", _reading.SearchAsync)
            .Map("/do/atom", _reading.AtomAsync)
            .Map("/do/backlinks/{name}", _reading.BacklinksAsync)
            .Map("/do/new", _editing.NewPageAsync)
            .Map("/do/edit/{name}", _editing.EditInstructionsAsync)
            .Map("/do/append/{name}", _editing.AppendAsync);
    }

    private ValueTask<GeminiResponse> RawAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        request.Scheme == GeminiScheme.Titan
            ? _editing.UploadAsync(request, cancellationToken)
            : _reading.RawAsync(request, cancellationToken);
}
