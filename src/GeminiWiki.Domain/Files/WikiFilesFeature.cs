using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Archive;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeminiWiki.Domain.Files;

/// <summary>
/// A space's files and its archive: its own file store, /file/, /do/files, /do/file-history/ and
/// /do/data wherever the space is mounted, and its file changes for the space's recent changes.
/// </summary>
public sealed class WikiFilesFeature(LiteFileStore store, ArchiveCache archive, WikiFileOptions options, string? titanToken, int maxNameLength, string language, TimeProvider time)
    : ISpaceFeature, IChangeSource
{
    public LiteFileStore Store { get; } = store;

    public ArchiveCache Archive { get; } = archive;

    public IEnumerable<IStoreInitializer> Stores => [Store];

    public IRouteModule<Visitor> RoutesAt(SpaceMount mount) =>
        new SpaceRoutes(
        [
            new FileRoutes(mount, Store, options, titanToken, maxNameLength, language),
            new ArchiveRoutes(mount, Archive, options.PublicArchive, time),
        ]);

    private readonly FileChanges _changes = new(store);

    public IReadOnlyList<WikiChange> RecentChanges(int count, string prefix) => _changes.RecentChanges(count, prefix);
}

/// <summary>
/// Gives every space, the default one included, its files: collections named from the space's
/// collection prefix (the default space keeps "files*"), and an archive named after the space in
/// the one archive folder.
/// </summary>
public sealed class WikiFilesFeatureFactory(
    WikiDatabase database,
    TimeProvider time,
    RevisionDamage damage,
    WikiFileOptions options,
    string language,
    string archiveDirectory,
    ILoggerFactory? loggers = null) : ISpaceFeatureFactory
{
    /// <summary>The archive's file name (without extension) of the default space; a space's adds its name.</summary>
    public const string DefaultArchiveName = "wiki";

    public ISpaceFeature Create(SpaceDefinition space, WikiOptions wiki, IPageStore pages)
    {
        var store = new LiteFileStore(database, time, space.CollectionPrefix + LiteFileStore.DefaultPrefix, damage);
        var archiveName = space.IsDefault ? DefaultArchiveName : DefaultArchiveName + "-" + space.Name;
        var archive = new ArchiveCache(pages, store, archiveDirectory, archiveName, database.Space,
            loggers?.CreateLogger<ArchiveCache>() ?? NullLogger<ArchiveCache>.Instance);
        return new WikiFilesFeature(store, archive, options, wiki.TitanToken, wiki.MaxNameLength, language, time);
    }
}
