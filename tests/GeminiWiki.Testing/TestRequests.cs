using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Testing;

/// <summary>Requests as the parser would hand them to the application, for in-memory dispatcher tests.</summary>
public static class TestRequests
{
    /// <summary>A gemini:// request for <paramref name="pathAndQuery"/> (already encoded) on localhost:1965.</summary>
    public static GeminiRequest Gemini(string pathAndQuery)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return new GeminiRequest
        {
            Url = "gemini://localhost:1965" + pathAndQuery,
            Scheme = GeminiScheme.Gemini,
            Host = "localhost",
            Port = 1965,
            Path = question < 0 ? pathAndQuery : pathAndQuery[..question],
            Query = question < 0 ? null : pathAndQuery[(question + 1)..],
        };
    }
}
