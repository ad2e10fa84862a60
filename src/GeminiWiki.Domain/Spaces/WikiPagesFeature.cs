using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Spaces;

/// <summary>
/// A space's pages: its own page store and the wiki's routes over it (pages, history, changes,
/// search, index, feed, editing), wherever the space is mounted. Each mount renders through its own
/// cache, because page links are shown under the mount's prefix.
/// </summary>
public sealed class WikiPagesFeature : ISpaceFeature
{
    private readonly WikiOptions _options;
    private readonly string _language;
    private readonly TimeProvider _time;
    private readonly PageRenderCache? _rootCache;
    private readonly bool _ownsStore;

    /// <param name="rootCache">A cache to use for the mount at the root (the one the host already keeps for the default space).</param>
    /// <param name="ownsStore">Whether the store is initialised with the space (false when it already is, as the default space's).</param>
    public WikiPagesFeature(IPageStore store, WikiOptions options, string language, TimeProvider time, PageRenderCache? rootCache = null, bool ownsStore = true)
    {
        Store = store;
        _options = options;
        _language = language;
        _time = time;
        _rootCache = rootCache;
        _ownsStore = ownsStore;
    }

    public IPageStore Store { get; }

    public IEnumerable<IStoreInitializer> Stores => _ownsStore && Store is IStoreInitializer initializer ? [initializer] : [];

    public IRouteModule<Visitor> RoutesAt(SpaceMount mount) => RoutesAt(mount, []);

    /// <param name="otherChanges">The space's other changes (its files), shown with the pages' in recent changes and the feed.</param>
    public IRouteModule<Visitor> RoutesAt(SpaceMount mount, IEnumerable<IChangeSource> otherChanges)
    {
        var cache = mount.Prefix.Length == 0 && _rootCache is not null ? _rootCache : new PageRenderCache(mount.Prefix);
        return new WikiRoutes(Store, cache, _options, _language, _time, mount, otherChanges);
    }
}
