using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Capsule;

/// <summary>Serves the files of the content folder. SKELETON: the capsule work replaces this body.</summary>
public sealed class StaticCapsule(string root, string language) : IGeminiHandler
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Language { get; } = language;

    public ValueTask<GeminiResponse> HandleAsync(GeminiRequest request, CancellationToken cancellationToken)
    {
        var index = Path.Combine(Root, "index.gmi");
        return ValueTask.FromResult(request.Path == "/" && File.Exists(index)
            ? GeminiResponse.Gemtext(File.ReadAllText(index), Language)
            : GeminiResponse.NotFound());
    }
}
