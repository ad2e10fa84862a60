using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Protocol.Routing;

/// <summary>Anything that answers a request with exactly one response.</summary>
public interface IGeminiHandler
{
    ValueTask<GeminiResponse> HandleAsync(GeminiRequest request, CancellationToken cancellationToken);
}
