using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Web.Forms;
using GeminiWiki.Web.Gateway;
using GeminiWiki.Web.Html;

namespace GeminiWiki.Web.Hosting;

/// <summary>
/// The hosts the web front answers as: the capsule's own (every space under its prefix), and each
/// space's own host (that space at "/"), chosen by the browser's Host header as the Gemini side
/// chooses by the request's host. Any other Host header is answered as the capsule: the web front
/// has one certificate and is often reached by an address or a proxy's name, and the answer is
/// the same public wiki whatever name was typed, so refusing it would only break those visitors.
/// </summary>
public sealed class WebSites
{
    private readonly Dictionary<string, WebSite> _byHost;

    public WebSites(WebSite main, IEnumerable<WebSite> spaceHosts)
    {
        Main = main;
        _byHost = spaceHosts.ToDictionary(site => site.Host!, StringComparer.Ordinal);
    }

    /// <summary>The capsule's own host.</summary>
    public WebSite Main { get; }

    /// <summary>Every space's own host name (normalised), for the gateway to address them.</summary>
    public IEnumerable<string> SpaceHosts => _byHost.Keys;

    /// <summary>The site for a Host header's host name (no port); the capsule's for an unknown or missing one.</summary>
    public WebSite For(string? host) =>
        !string.IsNullOrEmpty(host) && _byHost.TryGetValue(ServedAuthority.NormalizeHost(host), out var site) ? site : Main;

    /// <summary>The capsule's site and one per space with a host, each rendering with its own links, title and pages.</summary>
    public static WebSites Build(WebFrontContext context, GeminiSide gemini) =>
        Build(context.Spaces, context.Pages, context.RenderCache, context.Wiki, context.Language, gemini);

    /// <param name="pages">The default space's store, with <paramref name="renderCache"/> the one its Gemini routes use.</param>
    public static WebSites Build(WikiSpaces? spaces, IPageStore pages, PageRenderCache renderCache, WikiOptions wiki, string language, GeminiSide gemini)
    {
        var mainLinks = new WebLinks(gemini);
        var mainPage = new WebPage(wiki.Title, language);
        // Markdown pages are shown through Markdig in every space under its prefix, not only in the default one.
        var mainMarkdown = spaces is null
            ? [new MarkdownHtml(pages, renderCache, wiki, mainLinks)]
            : spaces.All.Select(space => space.Definition.IsDefault
                ? new MarkdownHtml(pages, renderCache, wiki, mainLinks)
                : new MarkdownHtml(space.Pages, new PageRenderCache(space.Definition.PathMount.Prefix), wiki.ForSpace(space.Title, space.Definition.MainPage), mainLinks)).ToList();
        var mainWeb = new GeminiToWeb(mainPage, new GemtextHtml(mainLinks), mainLinks, mainMarkdown);
        var mainMounts = spaces is null
            ? [new WebSpaceMount(pages, WikiLinks.Root, null)]
            : spaces.All.Select(space => new WebSpaceMount(
                space.Definition.IsDefault ? pages : space.Pages, space.Definition.PathMount.Links, space.Definition.Realm)).ToList();
        var main = new WebSite(null, mainWeb, mainPage, new PageEditForm(wiki, mainPage, mainWeb), mainMounts);
        if (spaces is null)
        {
            return new WebSites(main, []);
        }

        var hosts = new List<WebSite>();
        foreach (var (host, space) in spaces.ByHost)
        {
            var definition = space.Definition;
            var options = wiki.ForSpace(definition.Title, definition.MainPage);
            // gemini:// links to the space's own host become paths here; the capsule's stay gemini:// links.
            var links = new WebLinks(new GeminiSide([host], gemini.Port));
            var page = new WebPage(definition.Title, language);
            var web = new GeminiToWeb(page, new GemtextHtml(links), links, new MarkdownHtml(space.Pages, new PageRenderCache(), options, links));
            var mount = new WebSpaceMount(space.Pages, definition.HostMount.Links, definition.Realm);
            hosts.Add(new WebSite(host, web, page, new PageEditForm(options, page, web), [mount]));
        }

        return new WebSites(main, hosts);
    }
}

/// <summary>
/// One host as the web front shows it: the Gemini host its requests are addressed to (null: the
/// capsule's own), how answers become pages, and the spaces that can be edited there.
/// </summary>
public sealed class WebSite(string? host, GeminiToWeb web, WebPage page, PageEditForm edit, IReadOnlyList<WebSpaceMount> mounts)
{
    public string? Host { get; } = host;

    public GeminiToWeb Web { get; } = web;

    public WebPage Page { get; } = page;

    public PageEditForm Edit { get; } = edit;

    /// <summary>
    /// The space whose <paramref name="action"/> path ("/edit/", "/do/edit/") starts
    /// <paramref name="path"/>, and what follows it. Spaces under a prefix are tried before the
    /// root, so "/docs/edit/X" is the docs space's and never the root's page "docs".
    /// </summary>
    public WebSpaceMount? Match(string path, string action, out string rest)
    {
        foreach (var mount in mounts.OrderByDescending(m => m.Links.Prefix.Length))
        {
            var start = mount.Links.Prefix + action;
            if (path.StartsWith(start, StringComparison.Ordinal))
            {
                rest = path[start.Length..];
                return mount;
            }
        }

        rest = string.Empty;
        return null;
    }
}

/// <summary>A space where it is reached on one host: its pages, its links there, and the realm whose policy guards it.</summary>
public sealed record WebSpaceMount(IPageStore Pages, WikiLinks Links, string? Realm)
{
    /// <summary>The web edit form of a page in this mount ("/docs/edit/Help").</summary>
    public string EditPath(PageName name) => Links.Prefix + PageEditForm.PathPrefix + name.UrlSegment;

    /// <summary>The edit form's path for a path segment still percent-encoded.</summary>
    public string EditPath(string encodedName) => Links.Prefix + PageEditForm.PathPrefix + encodedName;
}
