using Microsoft.Extensions.Logging;
using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Domain.Pages;

/// <summary>
/// On first start (no page was ever saved) imports the shipped pages of a folder — <c>Name.gmi</c>
/// and <c>Name.md</c>, the file name being the page name — as revision 1 by the system.
/// Runs as a store initializer, after the page store's own.
/// </summary>
public sealed partial class PageSeeder(IPageStore store, string directory, ILogger<PageSeeder> logger) : IStoreInitializer
{
    public void Initialize() => SeedAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Imports the pages; returns how many were imported (0 when the wiki already has pages).</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        if (!store.IsEmpty || !Directory.Exists(directory))
        {
            return 0;
        }

        var imported = 0;
        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".gmi", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!PageName.TryParse(Path.GetFileNameWithoutExtension(file), int.MaxValue, out var name, out var problem))
            {
                LogSkipped(logger, file, problem);
                continue;
            }

            var format = file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? PageFormat.Markdown : PageFormat.Gemtext;
            var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            var outcome = await store.SaveAsync(name, text, format, PageAuthor.System, cancellationToken).ConfigureAwait(false);
            if (outcome.Result == SaveResult.Saved)
            {
                imported++;
            }
        }

        LogSeeded(logger, imported, directory);
        return imported;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First start: imported {Count} wiki pages from {Directory}")]
    private static partial void LogSeeded(ILogger logger, int count, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not importing {File}: {Problem}")]
    private static partial void LogSkipped(ILogger logger, string file, string problem);
}
