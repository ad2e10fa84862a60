using GeminiWiki.Domain.Storage;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Domain.Spaces;

/// <summary>
/// Every space on the server, the default one first, and the host names some of them answer at.
/// Initialises the stores of the spaces' features at start-up (the default space's pages are
/// initialised by their own store, before).
/// </summary>
public sealed class WikiSpaces : IStoreInitializer
{
    private readonly Dictionary<string, WikiSpace> _byHost;

    public WikiSpaces(IReadOnlyList<WikiSpace> spaces)
    {
        if (spaces.Count == 0 || !spaces[0].Definition.IsDefault)
        {
            throw new ArgumentException("The default space comes first.", nameof(spaces));
        }

        All = spaces;
        _byHost = spaces.Where(s => s.Definition.Host is not null)
            .ToDictionary(s => ServedAuthority.NormalizeHost(s.Definition.Host!), StringComparer.Ordinal);
    }

    /// <summary>The default space first, then the configured ones in their order.</summary>
    public IReadOnlyList<WikiSpace> All { get; }

    public WikiSpace Default => All[0];

    /// <summary>Host name (normalised) → the space that answers at its root.</summary>
    public IReadOnlyDictionary<string, WikiSpace> ByHost => _byHost;

    /// <summary>
    /// Every space under its path prefix, the configured ones first: the default space at the root
    /// ends with a catch-all for stray uploads, which would otherwise take theirs.
    /// </summary>
    public SpaceRoutes RoutesAtPaths() =>
        new([new RobotsRoutes(All.Select(space => space.Definition.PathMount.Prefix)), .. All.Skip(1).Append(Default).Select(space => space.RoutesAt(space.Definition.PathMount))]);

    /// <summary>Builds every space with one feature of each factory after its pages.</summary>
    public static WikiSpaces Build(
        WikiOptions options,
        IEnumerable<SpaceDefinition> configured,
        WikiPagesFeature defaultPages,
        Func<SpaceDefinition, WikiOptions, WikiPagesFeature> pagesFor,
        IEnumerable<ISpaceFeatureFactory> factories)
    {
        var factoryList = factories.ToList();
        var defaultSpace = new SpaceDefinition(string.Empty, options.Title, options.MainPage);
        var spaces = new List<WikiSpace> { new(defaultSpace, defaultPages, factoryList.Select(f => f.Create(defaultSpace, options, defaultPages.Store)).ToList()) };
        foreach (var definition in configured)
        {
            var spaceOptions = options.ForSpace(definition.Title, definition.MainPage);
            var pages = pagesFor(definition, spaceOptions);
            spaces.Add(new WikiSpace(definition, pages, factoryList.Select(f => f.Create(definition, spaceOptions, pages.Store)).ToList()));
        }

        return new WikiSpaces(spaces);
    }

    public void Initialize()
    {
        foreach (var store in All.SelectMany(s => s.Features).SelectMany(f => f.Stores))
        {
            store.Initialize();
        }
    }
}
