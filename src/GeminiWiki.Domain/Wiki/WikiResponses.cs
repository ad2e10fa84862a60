using System.Globalization;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Wiki;

/// <summary>The answers and wording every wiki resource shares.</summary>
internal sealed class WikiResponses(string language)
{
    public GeminiResponse Gemtext(GemtextBuilder builder) => GeminiResponse.Gemtext(builder.ToString(), language);

    public static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static GeminiResponse Missing(PageName name) =>
        GeminiResponse.NotFound($"There is no page '{name.Value}' yet. To create it, visit {WikiLinks.NewPage}, or upload it with Titan to {WikiLinks.Raw(name)}");

    public static GeminiResponse NoRevision(PageName name, int number) =>
        GeminiResponse.NotFound($"Page '{name.Value}' has no revision {number}");

    /// <summary>The decoded query, or the response to send instead: a prompt when there is none, 59 when it is not UTF-8.</summary>
    public static GeminiResponse? QueryOrPrompt(WikiCall call, string prompt, out string text)
    {
        text = string.Empty;
        var request = call.Request;
        if (string.IsNullOrEmpty(request.Query))
        {
            return GeminiResponse.Input(prompt);
        }

        if (request.DecodedQuery is not { } decoded)
        {
            return GeminiResponse.BadRequest("The query is not valid percent-encoded UTF-8");
        }

        if (string.IsNullOrWhiteSpace(decoded))
        {
            return GeminiResponse.Input(prompt);
        }

        text = decoded;
        return null;
    }
}
