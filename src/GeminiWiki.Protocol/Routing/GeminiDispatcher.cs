using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Protocol.Routing;

/// <summary>
/// The whole capsule as one handler. For each request, in this order: find the route, identify the
/// visitor once, enforce the route's declared access (60/61/62), bind the typed route values (59
/// for a bad one), then call the endpoint. No endpoint checks access itself.
/// </summary>
public sealed class GeminiDispatcher<TVisitor> : IGeminiHandler
{
    public static readonly GeminiResponse TitanNotAccepted =
        GeminiResponse.BadRequest("No upload is accepted at this path");

    private readonly RouteTable<TVisitor> _routes = new();
    private readonly IAccessGate<TVisitor> _gate;

    public GeminiDispatcher(IEnumerable<IRouteModule<TVisitor>> modules, IAccessGate<TVisitor> gate)
    {
        foreach (var module in modules)
        {
            module.MapRoutes(_routes);
        }

        _gate = gate;
    }

    public RouteTable<TVisitor> Routes => _routes;

    public ValueTask<GeminiResponse> HandleAsync(GeminiRequest request, CancellationToken cancellationToken)
    {
        Route<TVisitor> route;
        IReadOnlyList<(string Name, string Text)> captured;
        if (_routes.Match(request.Scheme, request.Path) is { } match)
        {
            (route, captured) = (match.Route, match.Values);
        }
        else if (request.Scheme == GeminiScheme.Gemini && _routes.Fallback is { } fallback)
        {
            (route, captured) = (fallback, []);
        }
        else
        {
            return ValueTask.FromResult(request.Scheme == GeminiScheme.Titan ? TitanNotAccepted : GeminiResponse.NotFound());
        }

        var visitor = _gate.Identify(request);
        if (_gate.Refuse(visitor, route.Access) is { } refusal)
        {
            return ValueTask.FromResult(refusal);
        }

        var values = RouteValues.Empty;
        if (captured.Count > 0)
        {
            var bound = new Dictionary<string, object>(captured.Count, StringComparer.Ordinal);
            foreach (var (name, text) in captured)
            {
                var parameter = route.Parameters[name];
                if (!parameter.TryBind(text, out var value, out var problem))
                {
                    return ValueTask.FromResult(GeminiResponse.BadRequest(problem));
                }

                bound[parameter.Name] = value!;
            }

            values = new RouteValues(bound);
        }

        return route.Endpoint(new GeminiCall<TVisitor>(request, visitor, values), cancellationToken);
    }
}
