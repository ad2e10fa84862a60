using System.Text;

namespace GeminiWiki.Web.Gateway;

/// <summary>One complete HTTP answer as a value, like GeminiResponse on the Gemini side: built by pure code, written in one place.</summary>
public sealed record WebAnswer(int Status, string ContentType, ReadOnlyMemory<byte> Body)
{
    public const string HtmlType = "text/html; charset=utf-8";
    public const string PlainType = "text/plain; charset=utf-8";

    /// <summary>A redirect target (already a web path or an absolute URL).</summary>
    public string? Location { get; init; }

    /// <summary>A static file sent as the body instead of <see cref="Body"/>.</summary>
    public string? File { get; init; }

    /// <summary>For 429: the seconds to wait, sent as Retry-After.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static WebAnswer Page(int status, string html) => new(status, HtmlType, Encoding.UTF8.GetBytes(html));

    public static WebAnswer Redirect(int status, string location) => new(status, PlainType, ReadOnlyMemory<byte>.Empty) { Location = location };

    /// <summary>What the access line shows after the status, as the Gemini line shows the meta.</summary>
    public string Meta => Location ?? ContentType;
}
