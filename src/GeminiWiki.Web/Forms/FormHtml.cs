using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace GeminiWiki.Web.Forms;

/// <summary>Pieces every POST form shares, so none of them can forget its antiforgery token.</summary>
internal static class FormHtml
{
    public static StringBuilder OpenPost(StringBuilder html, string action, AntiforgeryTokenSet tokens)
    {
        html.Append("<form method=\"post\" action=\"").Append(Html.Html.Escape(action)).Append("\">\n");
        return html.Append("<input type=\"hidden\" name=\"").Append(Html.Html.Escape(tokens.FormFieldName))
            .Append("\" value=\"").Append(Html.Html.Escape(tokens.RequestToken ?? string.Empty)).Append("\">\n");
    }
}
