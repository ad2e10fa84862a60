namespace GeminiWiki.Protocol.Titan;

/// <summary>
/// The parameters of a Titan upload: <c>;size=N</c> (required), <c>;mime=TYPE</c>
/// (default text/gemini) and <c>;token=T</c> (optional), in any order after the last path segment.
/// </summary>
public sealed record TitanParameters(long Size, string Mime, string? Token)
{
    public const string DefaultMime = "text/gemini";

    /// <summary>The MIME type without parameters, lower-cased: "text/gemini; charset=utf-8" → "text/gemini".</summary>
    public string MediaType => Mime.Split(';', 2)[0].Trim().ToLowerInvariant();
}
