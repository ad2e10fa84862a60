namespace GeminiWiki.Protocol.Requests;

public enum GeminiScheme
{
    Gemini,
    Titan,
}
