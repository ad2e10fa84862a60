using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Protocol.Routing;

/// <summary>
/// The whole capsule as one handler. For each request, in this order: find the route, identify the
/// visitor once, enforce the route's declared access (60/61/62), bind the typed route values (59
/// for a bad one), for a state-changing route require its confirmation, then call the endpoint.
/// No endpoint checks access or confirmation itself.
/// </summary>
public sealed class GeminiDispatcher<TVisitor> : IGeminiHandler
{
    public static readonly GeminiResponse TitanNotAccepted =
        GeminiResponse.BadRequest("No upload is accepted at this path");

    private readonly RouteTable<TVisitor> _routes = new();
    private readonly IAccessGate<TVisitor> _gate;
    private readonly IActionConfirmation<TVisitor>? _confirmation;

    public GeminiDispatcher(IEnumerable<IRouteModule<TVisitor>> modules, IAccessGate<TVisitor> gate, IActionConfirmation<TVisitor>? confirmation = null)
    {
        foreach (var module in modules)
        {
            module.MapRoutes(_routes);
        }

        if (confirmation is null && _routes.Routes.Any(r => r.ChangesState))
        {
            throw new ArgumentNullException(nameof(confirmation), "State-changing routes are mapped, so confirmations are needed.");
        }

        _gate = gate;
        _confirmation = confirmation;
    }

    public RouteTable<TVisitor> Routes => _routes;

    public ValueTask<GeminiResponse> HandleAsync(GeminiRequest request, CancellationToken cancellationToken)
    {
        Route<TVisitor> route;
        IReadOnlyList<(string Name, string Text)> captured;
        if (_routes.MatchWithToken(request.Scheme, request.Path, out var actionPath, out var token) is { } match)
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
        if (_gate.Refuse(visitor, route.Access, route.Realm) is { } refusal)
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

        var call = new GeminiCall<TVisitor>(request, visitor, values);
        if (route.Describe is { } describe)
        {
            // An argument that can never work (a wrong link code) is refused at once, unconfirmed.
            if (token is null && route.Precheck is { } precheck && request.DecodedQuery is { Length: > 0 } proposed
                && precheck(call, proposed) is { } refused)
            {
                return ValueTask.FromResult(refused);
            }

            var outcome = _confirmation!.Check(call, actionPath, token, argument => describe(call, argument));
            if (outcome.Answer is { } answer)
            {
                return ValueTask.FromResult(answer);
            }

            return RunConfirmedAsync(route, outcome.Proceed!, outcome.Ran, cancellationToken);
        }

        return route.Endpoint(call, cancellationToken);
    }

    private static async ValueTask<GeminiResponse> RunConfirmedAsync(Route<TVisitor> route, GeminiCall<TVisitor> call, Action<GeminiResponse>? ran, CancellationToken cancellationToken)
    {
        var response = await route.Endpoint(call, cancellationToken).ConfigureAwait(false);
        ran?.Invoke(response);
        return response;
    }
}
