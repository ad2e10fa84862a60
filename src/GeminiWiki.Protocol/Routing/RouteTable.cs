using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Protocol.Routing;

/// <summary>What an endpoint is given: the request, who is asking (identified once), and the bound route values.</summary>
public sealed record GeminiCall<TVisitor>(GeminiRequest Request, TVisitor Visitor, RouteValues Values);

public delegate ValueTask<GeminiResponse> GeminiEndpoint<TVisitor>(GeminiCall<TVisitor> call, CancellationToken cancellationToken);

/// <summary>A feature contributes its routes through this; the dispatcher collects them all.</summary>
public interface IRouteModule<TVisitor>
{
    void MapRoutes(RouteTable<TVisitor> routes);
}

/// <param name="Describe">For a state-changing route: words for the change an argument makes; null otherwise.</param>
/// <param name="Precheck">For a state-changing route: an answer for an argument that can never work, given before any confirmation.</param>
/// <param name="Realm">The part of the capsule whose read and edit policy guards the route (a space); null for the capsule's own.</param>
public sealed record Route<TVisitor>(
    RouteTemplate Template,
    GeminiScheme Scheme,
    RouteAccess Access,
    GeminiEndpoint<TVisitor> Endpoint,
    IReadOnlyDictionary<string, RouteParameter> Parameters,
    Func<GeminiCall<TVisitor>, string, string>? Describe = null,
    Func<GeminiCall<TVisitor>, string, GeminiResponse?>? Precheck = null,
    string? Realm = null)
{
    public bool ChangesState => Describe is not null;
}

public sealed record RouteMatch<TVisitor>(Route<TVisitor> Route, IReadOnlyList<(string Name, string Text)> Values);

/// <summary>
/// A pure map from a request's scheme and path to an endpoint and who may use it. Routes are tried
/// in the order they were added; a gemini:// request no route takes goes to the fallback.
/// </summary>
public sealed class RouteTable<TVisitor>
{
    private readonly List<Route<TVisitor>> _routes;
    private readonly string _prefix;
    private readonly string? _realm;
    private readonly bool _isRoot;

    public RouteTable()
        : this([], string.Empty, null, isRoot: true)
    {
    }

    private RouteTable(List<Route<TVisitor>> routes, string prefix, string? realm, bool isRoot)
    {
        _routes = routes;
        _prefix = prefix;
        _realm = realm;
        _isRoot = isRoot;
    }

    public IReadOnlyList<Route<TVisitor>> Routes => _routes;

    public Route<TVisitor>? Fallback { get; private set; }

    /// <summary>
    /// The same table seen from under <paramref name="prefix"/> ("/docs"): routes mapped through it
    /// are added here with the prefix in front of their template and <paramref name="realm"/> as
    /// their realm, so one module can be mounted at several places.
    /// </summary>
    public RouteTable<TVisitor> Under(string prefix, string? realm)
    {
        var trimmed = prefix.TrimEnd('/');
        if (trimmed.Length > 0 && !trimmed.StartsWith('/'))
        {
            throw new ArgumentException($"A route prefix starts with '/': {prefix}", nameof(prefix));
        }

        return new RouteTable<TVisitor>(_routes, _prefix + trimmed, realm, isRoot: false);
    }

    /// <summary>Maps gemini:// requests; <paramref name="parameters"/> bind the template's values, one each.</summary>
    public RouteTable<TVisitor> Map(RouteTemplate template, RouteAccess access, GeminiEndpoint<TVisitor> endpoint, params RouteParameter[] parameters) =>
        Add(GeminiScheme.Gemini, template, access, endpoint, parameters);

    public RouteTable<TVisitor> Map(string template, RouteAccess access, GeminiEndpoint<TVisitor> endpoint, params RouteParameter[] parameters) =>
        Map(RouteTemplate.Parse(template), access, endpoint, parameters);

    /// <summary>Maps an endpoint that answers without waiting for anything.</summary>
    public RouteTable<TVisitor> Map(RouteTemplate template, RouteAccess access, Func<GeminiCall<TVisitor>, GeminiResponse> endpoint, params RouteParameter[] parameters) =>
        Map(template, access, (call, _) => ValueTask.FromResult(endpoint(call)), parameters);

    /// <summary>
    /// Maps a gemini:// route that changes state. It acts only on a request that carries a one-time
    /// token for the visitor as an extra last path segment (see <see cref="IActionConfirmation{TVisitor}"/>);
    /// <paramref name="describe"/> words the change an argument (the query) would make.
    /// </summary>
    public RouteTable<TVisitor> MapConfirmed(RouteTemplate template, RouteAccess access, GeminiEndpoint<TVisitor> endpoint,
        Func<GeminiCall<TVisitor>, string, string> describe, params RouteParameter[] parameters) =>
        MapConfirmed(template, access, endpoint, describe, precheck: null, parameters);

    public RouteTable<TVisitor> MapConfirmed(RouteTemplate template, RouteAccess access, GeminiEndpoint<TVisitor> endpoint,
        Func<GeminiCall<TVisitor>, string, string> describe, Func<GeminiCall<TVisitor>, string, GeminiResponse?>? precheck, params RouteParameter[] parameters)
    {
        if (template.Text.Contains("?}", StringComparison.Ordinal) || template.Text.Contains("{*", StringComparison.Ordinal))
        {
            // The token is the segment after the template: an optional or catch-all value would swallow it.
            throw new ArgumentException($"{template}: a state-changing route cannot end with an optional or catch-all value.", nameof(template));
        }

        return Add(GeminiScheme.Gemini, template, access, endpoint, parameters, describe, precheck);
    }

    public RouteTable<TVisitor> MapConfirmed(RouteTemplate template, RouteAccess access, Func<GeminiCall<TVisitor>, GeminiResponse> endpoint,
        Func<GeminiCall<TVisitor>, string, string> describe, params RouteParameter[] parameters) =>
        MapConfirmed(template, access, (call, _) => ValueTask.FromResult(endpoint(call)), describe, precheck: null, parameters);

    public RouteTable<TVisitor> MapConfirmed(RouteTemplate template, RouteAccess access, Func<GeminiCall<TVisitor>, GeminiResponse> endpoint,
        Func<GeminiCall<TVisitor>, string, string> describe, Func<GeminiCall<TVisitor>, string, GeminiResponse?>? precheck, params RouteParameter[] parameters) =>
        MapConfirmed(template, access, (call, _) => ValueTask.FromResult(endpoint(call)), describe, precheck, parameters);

    /// <summary>Maps Titan uploads to an endpoint that answers without waiting for anything.</summary>
    public RouteTable<TVisitor> MapTitan(RouteTemplate template, RouteAccess access, Func<GeminiCall<TVisitor>, GeminiResponse> endpoint, params RouteParameter[] parameters) =>
        MapTitan(template, access, (call, _) => ValueTask.FromResult(endpoint(call)), parameters);

    /// <summary>Maps Titan uploads to <paramref name="template"/>; gemini:// requests to the same path need their own route.</summary>
    public RouteTable<TVisitor> MapTitan(RouteTemplate template, RouteAccess access, GeminiEndpoint<TVisitor> endpoint, params RouteParameter[] parameters) =>
        Add(GeminiScheme.Titan, template, access, endpoint, parameters);

    /// <summary>Answers the gemini:// requests that no route takes (the capsule's static files).</summary>
    public RouteTable<TVisitor> MapFallback(RouteAccess access, GeminiEndpoint<TVisitor> endpoint)
    {
        if (!_isRoot)
        {
            throw new InvalidOperationException("The fallback answers for the whole capsule; map it on the root table.");
        }

        if (Fallback is not null)
        {
            throw new InvalidOperationException("Only one fallback can be mapped.");
        }

        Fallback = new Route<TVisitor>(RouteTemplate.Parse("/"), GeminiScheme.Gemini, access, endpoint, new Dictionary<string, RouteParameter>());
        return this;
    }

    /// <summary>
    /// Like <see cref="Match"/>, and for a state-changing route also a path that ends with one more
    /// segment: that segment is the route's confirmation token.
    /// </summary>
    public RouteMatch<TVisitor>? MatchWithToken(GeminiScheme scheme, string path, out string actionPath, out string? token)
    {
        actionPath = path;
        token = null;
        if (Match(scheme, path) is { } direct)
        {
            return direct;
        }

        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        if (slash <= 0 || Match(scheme, trimmed[..slash]) is not { Route.ChangesState: true } withToken)
        {
            return null;
        }

        actionPath = trimmed[..slash];
        token = trimmed[(slash + 1)..];
        return withToken;
    }

    /// <summary>Finds the first route of <paramref name="scheme"/> whose template matches <paramref name="path"/> (normalised, encoded).</summary>
    public RouteMatch<TVisitor>? Match(GeminiScheme scheme, string path)
    {
        var rawSegments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var route in _routes)
        {
            if (route.Scheme == scheme && route.Template.TryMatch(rawSegments, out var values))
            {
                return new RouteMatch<TVisitor>(route, values);
            }
        }

        return null;
    }

    private RouteTable<TVisitor> Add(GeminiScheme scheme, RouteTemplate template, RouteAccess access, GeminiEndpoint<TVisitor> endpoint, RouteParameter[] parameters,
        Func<GeminiCall<TVisitor>, string, string>? describe = null, Func<GeminiCall<TVisitor>, string, GeminiResponse?>? precheck = null)
    {
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var names = template.ValueNames.ToList();
        var missing = names.Where(name => !byName.ContainsKey(name)).ToList();
        var unused = byName.Keys.Except(names, StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || unused.Count > 0)
        {
            // A mapping mistake is a programming error: it fails at start-up, not on a request.
            throw new ArgumentException(
                $"{template}: every value needs exactly one parameter (missing: {string.Join(", ", missing)}; unused: {string.Join(", ", unused)}).",
                nameof(parameters));
        }

        var mounted = _prefix.Length == 0 ? template : RouteTemplate.Parse(_prefix + template.Text);
        _routes.Add(new Route<TVisitor>(mounted, scheme, access, endpoint, byName, describe, precheck, _realm));
        return this;
    }
}
