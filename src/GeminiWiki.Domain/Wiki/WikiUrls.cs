using System.Globalization;
using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Wiki;

/// <summary>The wiki's paths (Phoebe's, so users' habits and links work), with page names percent-encoded.</summary>
public static class WikiUrls
{
    public const string Changes = "/do/changes";
    public const string Index = "/do/index";
    public const string Search = "/do/search";
    public const string Match = "/do/match";
    public const string NewPage = "/do/new";
    public const string Atom = "/do/atom";

    public static string Page(PageName name) => "/page/" + name.UrlSegment;

    public static string Page(PageName name, int revision) => Page(name) + "/" + Number(revision);

    public static string Raw(PageName name) => "/raw/" + name.UrlSegment;

    public static string Raw(PageName name, int revision) => Raw(name) + "/" + Number(revision);

    public static string History(PageName name) => "/history/" + name.UrlSegment;

    public static string Diff(PageName name, int revision) => "/diff/" + name.UrlSegment + "/" + Number(revision);

    public static string Backlinks(PageName name) => "/do/backlinks/" + name.UrlSegment;

    public static string Append(PageName name) => "/do/append/" + name.UrlSegment;

    public static string Edit(PageName name) => "/do/edit/" + name.UrlSegment;

    /// <summary>The Titan upload URL on the same host and port as <paramref name="baseUrl"/> ("gemini://host[:port]").</summary>
    public static string Titan(string baseUrl, PageName name) =>
        "titan" + baseUrl[baseUrl.IndexOf(':', StringComparison.Ordinal)..] + Raw(name);

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
