using System.Globalization;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
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
    internal static readonly RouteTemplate Page = RouteTemplate.Parse("/page/{name}/{rev?}");
    internal static readonly RouteTemplate Raw = RouteTemplate.Parse("/raw/{name}/{rev?}");
    internal static readonly RouteTemplate History = RouteTemplate.Parse("/history/{name}");
    internal static readonly RouteTemplate Diff = RouteTemplate.Parse("/diff/{name}/{rev}");
    internal static readonly RouteTemplate Index = RouteTemplate.Parse("/do/index");
    internal static readonly RouteTemplate IndexPage = RouteTemplate.Parse("/do/index/{page}");
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

    internal static readonly RouteParameter<int> IndexPageNumber =
        RouteParameters.PositiveNumber("page", text => $"/do/index/<n> takes the number of an index page, from 1 up, not '{text}'");

    internal static readonly RouteParameter<int> Count =
        RouteParameters.PositiveNumber("count", text => $"/do/changes/<n> takes a number of changes to show, not '{text}'");

    private readonly RouteParameter<PageName> _name;
    private readonly SpaceMount _mount;
    private readonly PageViews _views;
    private readonly PageHistory _history;
    private readonly PageFinding _finding;
    private readonly PageEditing _editing;

    /// <param name="mount">Where the routes are mapped; the root of the capsule when null.</param>
    /// <param name="renderCache">Its link prefix must be the mount's.</param>
    /// <param name="otherChanges">Changes besides pages' (the space's files) that recent changes and the feed merge in.</param>
    public WikiRoutes(IPageStore store, PageRenderCache renderCache, WikiOptions options, string language, TimeProvider time, SpaceMount? mount = null,
        IEnumerable<IChangeSource>? otherChanges = null)
    {
        _mount = mount ?? SpaceMount.Root;
        if (!string.Equals(renderCache.LinkPrefix, _mount.Prefix.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new ArgumentException($"The render cache shows links under '{renderCache.LinkPrefix}', the routes are mounted at '{_mount.Prefix}'.", nameof(renderCache));
        }

        _name = new RouteParameter<PageName>("name", (string text, out PageName name, out string problem) =>
        {
            var valid = PageName.TryParse(text, options.MaxNameLength, out name, out problem);
            problem = valid ? string.Empty : $"Not a page name: {problem}";
            return valid;
        });
        var pages = new WikiResponses(language, _mount.Links);
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
        routes = routes.Under(_mount.Prefix, _mount.Realm);
        routes
            .Map(Main, RouteAccess.Read, _views.MainPage)
            .Map(Page, RouteAccess.Read, _views.Page, _name, Revision)
            .Map(Raw, RouteAccess.Read, _views.RawText, _name, Revision)
            // Titan uploads go to /raw/<name>; the revision is accepted only to refuse it clearly.
            .MapTitan(Raw, RouteAccess.Edit, _editing.UploadAsync, _name, Revision)
            .Map(History, RouteAccess.Read, _history.History, _name)
            .Map(Diff, RouteAccess.Read, _history.Diff, _name, Revision)
            .Map(Index, RouteAccess.Read, _finding.Index)
            .Map(IndexPage, RouteAccess.Read, _finding.Index, IndexPageNumber)
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
            .MapTitan(AnyPath, RouteAccess.Public, _editing.UploadElsewhere, AnyPathValue);
    }
}

/// <summary>
/// Links into one mount of the wiki (a space under its prefix, or at the root), built from the
/// templates its routes are mapped with, so a link never leaves the space it was shown in.
/// </summary>
public sealed class WikiLinks
{
    private readonly string _prefix;

    /// <param name="prefix">"/docs" for a space under its path, "" at the root of a host.</param>
    public WikiLinks(string prefix)
    {
        _prefix = prefix.TrimEnd('/');
    }

    /// <summary>The default space at the root of the capsule.</summary>
    public static WikiLinks Root { get; } = new(string.Empty);

    /// <summary>"/docs", or "" at the root.</summary>
    public string Prefix => _prefix;

    public string Main => Path(WikiRoutes.Main.Link());

    public string Changes => Path(WikiRoutes.Changes.Link());

    public string Index => Path(WikiRoutes.Index.Link());

    public string Search => Path(WikiRoutes.Search.Link());

    public string Match => Path(WikiRoutes.Match.Link());

    public string NewPage => Path(WikiRoutes.NewPage.Link());

    public string Atom => Path(WikiRoutes.Atom.Link());

    /// <summary>Where Titan uploads go, up to the page name ("/docs/raw/").</summary>
    public string RawPrefix => _prefix + WikiRoutes.Raw.LiteralPrefix;

    public string ChangesShowing(int count) => Path(WikiRoutes.Changes.Link(Number(count)));

    /// <summary>Page <paramref name="page"/> of the index; the first is /do/index itself.</summary>
    public string IndexPage(int page) => page <= 1 ? Index : Path(WikiRoutes.IndexPage.Link(Number(page)));

    public string Page(PageName name) => Path(WikiRoutes.Page.Link(name.Value));

    public string Page(PageName name, int revision) => Path(WikiRoutes.Page.Link(name.Value, Number(revision)));

    public string Raw(PageName name) => Path(WikiRoutes.Raw.Link(name.Value));

    public string Raw(PageName name, int revision) => Path(WikiRoutes.Raw.Link(name.Value, Number(revision)));

    public string History(PageName name) => Path(WikiRoutes.History.Link(name.Value));

    public string Diff(PageName name, int revision) => Path(WikiRoutes.Diff.Link(name.Value, Number(revision)));

    /// <summary>Where a change is read: the revision it made, or the history for a deletion (which has no text).</summary>
    public string ChangeUrl(RevisionSummary change) => change.IsDeletion ? History(change.Name) : Page(change.Name, change.Number);

    public string Backlinks(PageName name) => Path(WikiRoutes.Backlinks.Link(name.Value));

    public string Append(PageName name) => Path(WikiRoutes.Append.Link(name.Value));

    public string Edit(PageName name) => Path(WikiRoutes.Edit.Link(name.Value));

    /// <summary>The Titan upload URL on the same host and port as <paramref name="baseUrl"/> ("gemini://host[:port]").</summary>
    public string Titan(string baseUrl, PageName name) =>
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

    private string Path(string link) => _prefix.Length == 0 ? link : link == "/" ? _prefix + "/" : _prefix + link;

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
