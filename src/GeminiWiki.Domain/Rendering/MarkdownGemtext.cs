namespace GeminiWiki.Domain.Rendering;

/// <summary>Converts Markdown to gemtext through Markdig's syntax tree. SKELETON: the capsule work fills this in.</summary>
public static class MarkdownGemtext
{
    public static string Convert(string markdown) => throw new NotImplementedException();
}
