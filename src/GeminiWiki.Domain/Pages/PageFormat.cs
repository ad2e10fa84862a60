namespace GeminiWiki.Domain.Pages;

/// <summary>The source language of a revision; Markdown is converted to gemtext when shown.</summary>
public enum PageFormat
{
    Gemtext,
    Markdown,
}

public static class PageFormats
{
    public static string RawMimeType(this PageFormat format) => format == PageFormat.Markdown
        ? "text/markdown; charset=utf-8"
        : "text/plain; charset=utf-8";

    /// <summary>Seeding and uploads decide the format from a file extension or a MIME type.</summary>
    public static PageFormat FromMediaType(string mediaType) =>
        string.Equals(mediaType, "text/markdown", StringComparison.OrdinalIgnoreCase) ? PageFormat.Markdown : PageFormat.Gemtext;
}
