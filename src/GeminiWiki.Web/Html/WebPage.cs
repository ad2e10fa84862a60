using System.Text;

namespace GeminiWiki.Web.Html;

/// <summary>
/// The frame every HTML page shares: language, viewport for phones, the stylesheet (a file, since
/// the Content-Security-Policy allows no inline style), a header back to the main page and, where
/// the page exists on Gemini too, its gemini:// address.
/// </summary>
public sealed class WebPage(string wikiTitle, string language)
{
    public const string StylesheetPath = "/.web/wiki.css";

    public string WikiTitle { get; } = wikiTitle;

    public string Render(string? title, string bodyHtml, string? geminiUrl = null)
    {
        var html = new StringBuilder(bodyHtml.Length + 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Html.Escape(language)).Append("\">\n<head>\n")
            .Append("<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light dark\">\n")
            .Append("<title>").Append(Html.Escape(title is null || title == WikiTitle ? WikiTitle : $"{title} – {WikiTitle}")).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(StylesheetPath).Append("\">\n")
            .Append("</head>\n<body>\n<header><a href=\"/\">").Append(Html.Escape(WikiTitle)).Append("</a></header>\n<main>\n")
            .Append(bodyHtml)
            .Append("</main>\n");
        if (geminiUrl is not null)
        {
            html.Append("<footer>On Gemini: <a href=\"").Append(Html.Escape(geminiUrl)).Append("\">")
                .Append(Html.Escape(geminiUrl)).Append("</a></footer>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }
}
