using System.Globalization;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Wiki;

/// <summary>The answers and wording every wiki resource shares.</summary>
internal sealed class WikiResponses(string language, WikiLinks links)
{
    public WikiLinks Links => links;

    public GeminiResponse Gemtext(GemtextBuilder builder) => GeminiResponse.Gemtext(builder.ToString(), language);

    public static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public GeminiResponse Missing(PageName name) =>
        GeminiResponse.NotFound($"There is no page '{name.Value}' yet. To create it, visit {links.NewPage}, or upload it with Titan to {links.Raw(name)}");

    /// <summary>40, not the text: a damaged revision is never served as if it were the page.</summary>
    public GeminiResponse Damaged(PageName name, int revision) =>
        GeminiResponse.TemporaryFailure($"Revision {revision} of '{name.Value}' is damaged on the server (its stored text fails its checksum), so it is not shown; an admin has been told. Other revisions: {links.History(name)}");

    public GeminiResponse Damaged(DamagedRevisionException damage) => Damaged(damage.Name, damage.Revision);

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
