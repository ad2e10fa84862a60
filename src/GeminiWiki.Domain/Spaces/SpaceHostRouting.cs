using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Spaces;

/// <summary>
/// Sends a request for a space's own host to that host's dispatcher (the space at "/"), and every
/// other request to the capsule's. Which hosts are served at all was settled before (53).
/// </summary>
public sealed class SpaceHostRouting(IGeminiHandler capsule, IReadOnlyDictionary<string, IGeminiHandler> byHost) : IGeminiHandler
{
    /// <summary>
    /// The capsule's dispatcher over <paramref name="modules"/> and, for each space with a host, a
    /// dispatcher with that space at the root and the capsule-wide modules (identity, admin, static
    /// files) but not the other spaces; a plain dispatcher when no space has a host.
    /// </summary>
    public static IGeminiHandler Build(IReadOnlyList<IRouteModule<Visitor>> modules, WikiSpaces spaces, IAccessGate<Visitor> gate, IActionConfirmation<Visitor>? confirmation)
    {
        var capsule = new GeminiDispatcher<Visitor>(modules, gate, confirmation);
        if (spaces.ByHost.Count == 0)
        {
            return capsule;
        }

        var shared = modules.Where(m => m is not (SpaceRoutes or SpaceListRoutes)).ToList();
        var byHost = spaces.ByHost.ToDictionary(
            pair => pair.Key,
            pair => (IGeminiHandler)new GeminiDispatcher<Visitor>([new RobotsRoutes([string.Empty]), pair.Value.RoutesAt(pair.Value.Definition.HostMount), .. shared], gate, confirmation),
            StringComparer.Ordinal);
        return new SpaceHostRouting(capsule, byHost);
    }

    public ValueTask<GeminiResponse> HandleAsync(GeminiRequest request, CancellationToken cancellationToken) =>
        (byHost.Count > 0 && byHost.TryGetValue(request.Host, out var handler) ? handler : capsule).HandleAsync(request, cancellationToken);
}
