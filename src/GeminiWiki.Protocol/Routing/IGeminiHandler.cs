using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Protocol.Routing;

/// <summary>Anything that answers a request with exactly one response.</summary>
public interface IGeminiHandler
{
    ValueTask<GeminiResponse> HandleAsync(GeminiRequest request, CancellationToken cancellationToken);
}

public delegate ValueTask<GeminiResponse> GeminiEndpoint(GeminiRequest request, CancellationToken cancellationToken);

/// <summary>A feature contributes its routes through this; the application collects them all.</summary>
public interface IRouteModule
{
    void MapRoutes(RouteTable routes);
}
