using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Spaces;

/// <summary>A space with its features: what it stores and the routes it answers wherever it is mounted.</summary>
public sealed class WikiSpace(SpaceDefinition definition, WikiPagesFeature pages, IReadOnlyList<ISpaceFeature> features)
{
    public SpaceDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    public string Title => Definition.Title;

    /// <summary>The space's pages (for the lists that span spaces).</summary>
    public IPageStore Pages => pages.Store;

    /// <summary>Every feature, pages first.</summary>
    public IReadOnlyList<ISpaceFeature> Features { get; } = [pages, .. features];

    /// <summary>What the features besides pages (files) add to the space's recent changes and feed.</summary>
    public IReadOnlyList<IChangeSource> ChangeSources { get; } = features.OfType<IChangeSource>().ToList();

    /// <summary>The space's newest changes, pages and files together, linked for <paramref name="mount"/>.</summary>
    public IReadOnlyList<WikiChange> RecentChanges(int count, SpaceMount mount) => WikiChange.Recent(Pages, ChangeSources, count, mount.Links);

    /// <summary>
    /// All the space's routes at one mount, as one module: the pages' last, because the wiki ends
    /// with a catch-all for uploads to paths that take none, which would take the other features'.
    /// </summary>
    public SpaceRoutes RoutesAt(SpaceMount mount) =>
        new([.. features.Select(f => f.RoutesAt(mount)), pages.RoutesAt(mount, ChangeSources)]);
}

/// <summary>
/// Spaces' routes as one module: one mount of a space, or the mounts of several. It is a type of
/// its own so a host's dispatcher can leave out the other spaces.
/// </summary>
public sealed class SpaceRoutes(IReadOnlyList<IRouteModule<Visitor>> modules) : IRouteModule<Visitor>
{
    public void MapRoutes(RouteTable<Visitor> routes)
    {
        foreach (var module in modules)
        {
            module.MapRoutes(routes);
        }
    }
}
