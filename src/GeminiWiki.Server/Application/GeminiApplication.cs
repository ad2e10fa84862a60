using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Server.Application;

/// <summary>
/// The whole capsule as one handler: the routes of every feature module, tried in order, then the
/// fallback (the static files of the content folder).
/// </summary>
public sealed class GeminiApplication : IGeminiHandler
{
    private readonly RouteTable _routes = new();
    private readonly IGeminiHandler _fallback;

    public GeminiApplication(IEnumerable<IRouteModule> modules, IGeminiHandler fallback)
    {
        foreach (var module in modules)
        {
            module.MapRoutes(_routes);
        }

        _fallback = fallback;
    }

    public RouteTable Routes => _routes;

    public ValueTask<GeminiResponse> HandleAsync(GeminiRequest request, CancellationToken cancellationToken)
    {
        var match = _routes.Match(request.Path);
        if (match is null)
        {
            return request.Scheme == GeminiScheme.Titan
                ? ValueTask.FromResult(TitanNotAccepted)
                : _fallback.HandleAsync(request, cancellationToken);
        }

        if (request.Scheme == GeminiScheme.Titan && !match.Route.AcceptsTitan)
        {
            return ValueTask.FromResult(TitanNotAccepted);
        }

        return match.Route.Endpoint(request with { RouteValues = match.Values }, cancellationToken);
    }

    private static readonly GeminiResponse TitanNotAccepted =
        GeminiResponse.BadRequest("Uploads are accepted at titan://host/raw/<page name> only");
}
