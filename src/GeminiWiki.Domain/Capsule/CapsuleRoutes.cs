using GeminiWiki.Domain.Access;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Capsule;

/// <summary>The content folder's static files answer every gemini:// path no other route takes.</summary>
public sealed class CapsuleRoutes(StaticCapsule capsule) : IRouteModule<Visitor>
{
    // Public on purpose: the capsule's own files (help, about) are readable even where the wiki is private.
    public void MapRoutes(RouteTable<Visitor> routes) =>
        routes.MapFallback(RouteAccess.Public, (call, cancellationToken) => capsule.HandleAsync(call.Request, cancellationToken));
}
