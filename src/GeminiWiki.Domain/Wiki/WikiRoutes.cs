using System.Globalization;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Wiki;

/// <summary>
/// The wiki's routes, Phoebe's layout: reading under /page, /raw, /history, /diff, /do; editing by
/// Titan on /raw and by input prompts under /do. Each path is spelled here once; <see cref="WikiLinks"/>
/// builds links from the same templates.
/// </summary>
public sealed class WikiRoutes : IRouteModule<Visitor>
{
    internal static readonly RouteTemplate Main = RouteTemplate.Parse("/");
    internal static readonly RouteTemplate Robots = RouteTemplate.Parse("/robots.txt");
    internal static readonly RouteTemplate Page = RouteTemplate.Parse("/page/{name}/{rev?}");
    internal static readonly RouteTemplate Raw = RouteTemplate.Parse("/raw/{name}/{rev?}");
    internal static readonly RouteTemplate History = RouteTemplate.Parse("/history/{name}");
    internal static readonly RouteTemplate Diff = RouteTemplate.Parse("/diff/{name}/{rev}");
    internal static readonly RouteTemplate Index = RouteTemplate.Parse("/do/index");
    internal static readonly RouteTemplate Changes = RouteTemplate.Parse("/do/changes/{count?}");
    internal static readonly RouteTemplate Match = RouteTemplate.Parse("/do/match");
    internal static readonly RouteTemplate Search = RouteTemplate.Parse("/do/search");
    internal static readonly RouteTemplate Atom = RouteTemplate.Parse("/do/atom");
    internal static readonly RouteTemplate Backlinks = RouteTemplate.Parse("/do/backlinks/{name}");
    internal static readonly RouteTemplate NewPage = RouteTemplate.Parse("/do/new");
    internal static readonly RouteTemplate Edit = RouteTemplate.Parse("/do/edit/{name}");
    internal static readonly RouteTemplate Append = RouteTemplate.Parse("/do/append/{name}");

    private static readonly RouteTemplate AnyPath = RouteTemplate.Parse("/{*path}");
    private static readonly RouteParameter<string> AnyPathValue = RouteParameters.Text("path");

    internal static readonly RouteParameter<int> Revision =
        RouteParameters.PositiveNumber("rev", text => $"A revision is a number from 1 up, not '{text}'");

    internal static readonly RouteParameter<int> Count =
        RouteParameters.PositiveNumber("count", text => $"/do/changes/<n> takes a number of changes to show, not '{text}'");

    private readonly RouteParameter<PageName> _name;
    private readonly PageViews _views;
    private readonly PageHistory _history;
    private readonly PageFinding _finding;
    private readonly PageEditing _editing;

    /// <param name="otherChanges">Changes besides pages' (files) that recent changes and the feed merge in.</param>
    public WikiRoutes(IPageStore store, PageRenderCache renderCache, WikiOptions options, string language, TimeProvider time,
        IEnumerable<IChangeSource>? otherChanges = null)
    {
        _name = new RouteParameter<PageName>("name", (string text, out PageName name, out string problem) =>
        {
            var valid = PageName.TryParse(text, options.MaxNameLength, out name, out problem);
            problem = valid ? string.Empty : $"Not a page name: {problem}";
            return valid;
        });
        var pages = new WikiResponses(language);
        _views = new PageViews(store, renderCache, options, pages, _name);
        _history = new PageHistory(store, options, pages, _name, time, otherChanges?.ToArray() ?? []);
        _finding = new PageFinding(store, options, pages, _name);
        _editing = new PageEditing(store, options, pages, _name);
    }

    /// <summary>Text quoted in a confirmation prompt: one line, short enough for the meta.</summary>
    internal static string OneLine(string text)
    {
        var line = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    public void MapRoutes(RouteTable<Visitor> routes)
    {
        routes
            .Map(Main, RouteAccess.Read, _views.MainPage)
            .Map(Robots, RouteAccess.Public, PageViews.RobotsTxt)
            .Map(Page, RouteAccess.Read, _views.Page, _name, Revision)
            .Map(Raw, RouteAccess.Read, _views.RawText, _name, Revision)
            // Titan uploads go to /raw/<name>; the revision is accepted only to refuse it clearly.
            .MapTitan(Raw, RouteAccess.Edit, _editing.UploadAsync, _name, Revision)
            .Map(History, RouteAccess.Read, _history.History, _name)
            .Map(Diff, RouteAccess.Read, _history.Diff, _name, Revision)
            .Map(Index, RouteAccess.Read, _finding.Index)
            .Map(Changes, RouteAccess.Read, _history.Changes, Count)
            .Map(Match, RouteAccess.Read, _finding.Match)
            .Map(Search, RouteAccess.Read, _finding.Search)
            .Map(Atom, RouteAccess.Read, _history.Atom)
            .Map(Backlinks, RouteAccess.Read, _finding.Backlinks, _name)
            .Map(NewPage, RouteAccess.Edit, _editing.NewPage)
            // Anyone who can read may see how editing works, including what identity it takes.
            .Map(Edit, RouteAccess.Read, _editing.EditInstructions, _name)
            .MapConfirmed(Append, RouteAccess.Edit, _editing.AppendAsync, (call, text) => $"append “{OneLine(text)}” to {call.Values.Get(_name).Value}", _name)
            // Any other upload is told where uploads go, rather than only that this path takes none.
            .MapTitan(AnyPath, RouteAccess.Public, PageEditing.UploadElsewhere, AnyPathValue);
    }
}

/// <summary>Links into the wiki, built from the templates its routes are mapped with.</summary>
public static class WikiLinks
{
    public static string Main => WikiRoutes.Main.Link();

    public static string Changes => WikiRoutes.Changes.Link();

    public static string Index => WikiRoutes.Index.Link();

    public static string Search => WikiRoutes.Search.Link();

    public static string Match => WikiRoutes.Match.Link();

    public static string NewPage => WikiRoutes.NewPage.Link();

    public static string Atom => WikiRoutes.Atom.Link();

    public static string ChangesShowing(int count) => WikiRoutes.Changes.Link(Number(count));

    public static string Page(PageName name) => WikiRoutes.Page.Link(name.Value);

    public static string Page(PageName name, int revision) => WikiRoutes.Page.Link(name.Value, Number(revision));

    public static string Raw(PageName name) => WikiRoutes.Raw.Link(name.Value);

    public static string Raw(PageName name, int revision) => WikiRoutes.Raw.Link(name.Value, Number(revision));

    public static string History(PageName name) => WikiRoutes.History.Link(name.Value);

    public static string Diff(PageName name, int revision) => WikiRoutes.Diff.Link(name.Value, Number(revision));

    public static string Backlinks(PageName name) => WikiRoutes.Backlinks.Link(name.Value);

    public static string Append(PageName name) => WikiRoutes.Append.Link(name.Value);

    public static string Edit(PageName name) => WikiRoutes.Edit.Link(name.Value);

    /// <summary>The Titan upload URL on the same host and port as <paramref name="baseUrl"/> ("gemini://host[:port]").</summary>
    public static string Titan(string baseUrl, PageName name) =>
        "titan" + baseUrl[baseUrl.IndexOf(':', StringComparison.Ordinal)..] + Raw(name);

    /// <summary>The page a link target points to: a /page/ path of this wiki or a gemini:// URL with one.</summary>
    public static bool TryReadPageLink(string target, out PageName name)
    {
        name = default;
        var path = target;
        if (target.StartsWith("gemini://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = target.IndexOf('/', "gemini://".Length);
            path = slash < 0 ? "/" : target[slash..];
        }

        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            path = path[..end];
        }

        if (!WikiRoutes.Page.TryMatch(path.Split('/', StringSplitOptions.RemoveEmptyEntries), out var values))
        {
            return false;
        }

        return PageName.TryParse(values[0].Text, int.MaxValue, out name, out _);
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
