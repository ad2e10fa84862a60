using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Spaces;

/// <summary>
/// One feature of a space (its pages, its files, ...): the stores it keeps for that space, and its
/// routes mounted wherever the space is reached. Every space gets every feature.
/// </summary>
public interface ISpaceFeature
{
    /// <summary>The stores to initialise at start-up; stores already initialised elsewhere are not listed.</summary>
    IEnumerable<IStoreInitializer> Stores { get; }

    /// <summary>The feature's routes for one mount; they map themselves under <see cref="SpaceMount.Prefix"/> with its realm.</summary>
    IRouteModule<Visitor> RoutesAt(SpaceMount mount);
}

/// <summary>
/// Makes a feature for a space; <paramref name="options"/> carry the space's title and main page,
/// <paramref name="pages"/> is the space's page store (for features that span pages, the archive).
/// </summary>
public interface ISpaceFeatureFactory
{
    ISpaceFeature Create(SpaceDefinition space, WikiOptions options, IPageStore pages);
}
