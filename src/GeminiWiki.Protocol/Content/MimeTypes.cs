namespace GeminiWiki.Protocol.Content;

/// <summary>MIME types by file extension, for files served from the capsule folder.</summary>
public static class MimeTypes
{
    public const string Gemtext = "text/gemini";
    public const string Markdown = "text/markdown";
    public const string PlainText = "text/plain";
    public const string OctetStream = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".gmi"] = Gemtext,
        [".gemini"] = Gemtext,
        [".md"] = Markdown,
        [".markdown"] = Markdown,
        [".txt"] = PlainText,
        [".text"] = PlainText,
        [".csv"] = "text/csv",
        [".css"] = "text/css",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".xml"] = "application/xml",
        [".atom"] = "application/atom+xml",
        [".rss"] = "application/rss+xml",
        [".json"] = "application/json",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".tar"] = "application/x-tar",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".svg"] = "image/svg+xml",
        [".ico"] = "image/vnd.microsoft.icon",
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".opus"] = "audio/opus",
        [".flac"] = "audio/flac",
        [".wav"] = "audio/wav",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
    };

    public static string FromFileName(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var mime) ? mime : OctetStream;

    /// <summary>Text types get an explicit UTF-8 charset so clients need not guess.</summary>
    public static string WithCharset(string mime) =>
        mime.StartsWith("text/", StringComparison.Ordinal) ? mime + "; charset=utf-8" : mime;
}
