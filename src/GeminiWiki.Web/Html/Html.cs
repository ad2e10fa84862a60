using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace GeminiWiki.Web.Html;

/// <summary>The one HTML escaper: every piece of text and every attribute value goes through it.</summary>
public static class Html
{
    // All of Unicode stays readable; only what HTML gives meaning to (&lt; &gt; &amp; quotes) and
    // what cannot appear as text is encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Escape(string text) => Encoder.Encode(text);
}
