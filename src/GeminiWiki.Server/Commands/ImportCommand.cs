using GeminiWiki.Domain.Archive;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Commands;

/// <summary>
/// <c>import &lt;archive.tar.gz|folder&gt; [--space NAME]</c>: reads an archive from /do/data, or
/// Phoebe's data folder (page/*.gmi, file/*), into the wiki with the server stopped. Each page and
/// file becomes a revision by "import"; entries that break the upload rules are named on stderr
/// and skipped, and then the exit code is 1.
/// </summary>
public static class ImportCommand
{
    public const string Verb = "import";

    private const string SpaceOption = "--space";

    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        if (args.Length < 2 || args[1].StartsWith('-'))
        {
            error.WriteLine("usage: geminiwiki import <archive.tar.gz|folder> [--space NAME] [--config gemini.json] [--Gemini:DataDirectory folder]");
            return AdminCommandLine.Usage;
        }

        var source = Path.GetFullPath(args[1]);
        var settings = new List<string>();
        string? space = null;
        for (var i = 2; i < args.Length; i++)
        {
            if (args[i] == SpaceOption)
            {
                if (i + 1 == args.Length || args[i + 1].StartsWith('-'))
                {
                    error.WriteLine("geminiwiki import: --space needs the name of a space from Wiki:Spaces.");
                    return AdminCommandLine.Usage;
                }

                space = args[++i];
            }
            else
            {
                settings.Add(args[i]);
            }
        }

        if (!File.Exists(source) && !Directory.Exists(source))
        {
            error.WriteLine($"geminiwiki: there is no archive or folder '{source}'.");
            return AdminCommandLine.Failed;
        }

        GeminiOptions gemini;
        WikiOptions wiki;
        WikiFileOptions files;
        IReadOnlyList<SpaceDefinition> spaces;
        string dataDirectory;
        try
        {
            var file = ConfigurationFile.Find([.. settings]);
            var configuration = file.AddSources(new ConfigurationBuilder(), [.. settings], reloadOnChange: false).Build();
            gemini = configuration.GetSection(GeminiOptions.Section).Get<GeminiOptions>() ?? new GeminiOptions();
            wiki = configuration.GetSection(WikiOptions.Section).Get<WikiOptions>() ?? new WikiOptions();
            files = configuration.GetSection(WikiFileOptions.Section).Get<WikiFileOptions>() ?? new WikiFileOptions();
            spaces = ConfiguredSpaces.Read(configuration.GetSection(WikiOptions.Section).Get<SpacesOptions>() ?? new SpacesOptions(), gemini, wiki).All;
            dataDirectory = ServerPaths.Resolve(file.ContentRoot, gemini).DataDirectory;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                error.WriteLine($"geminiwiki: {failure}");
            }

            return AdminCommandLine.BadConfiguration;
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException or InvalidOperationException)
        {
            error.WriteLine($"geminiwiki: cannot read the configuration: {ex.Message}");
            return AdminCommandLine.BadConfiguration;
        }

        // The default space unless --space names a configured one.
        var target = new SpaceDefinition(string.Empty, wiki.Title, wiki.MainPage);
        if (space is not null)
        {
            if (spaces.FirstOrDefault(s => string.Equals(s.Name, space, StringComparison.Ordinal)) is not { } named)
            {
                var names = spaces.Count == 0 ? "this wiki has only its default space (leave out --space)" : "the spaces are " + string.Join(", ", spaces.Select(s => s.Name));
                error.WriteLine($"geminiwiki: there is no space '{space}' in Wiki:Spaces; {names}.");
                return AdminCommandLine.Usage;
            }

            target = named;
        }

        var problems = new WikiOptionsValidator().Validate(null, wiki).Failures.OrEmpty()
            .Concat(new FileOptionsValidator().Validate(null, files).Failures.OrEmpty()).ToList();
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                error.WriteLine($"geminiwiki: {problem}");
            }

            return AdminCommandLine.BadConfiguration;
        }

        WikiDatabase database;
        try
        {
            database = WikiDatabase.Open(dataDirectory);
        }
        catch (DatabaseLockedException ex)
        {
            error.WriteLine($"geminiwiki: {ex.Message} Stop the server to import; nothing was imported.");
            return AdminCommandLine.DatabaseInUse;
        }
        catch (DatabaseDamagedException ex)
        {
            error.WriteLine($"geminiwiki: {ex.Message}");
            return AdminCommandLine.Failed;
        }

        using (database)
        {
            var pageStore = new LitePageStore(database, time, collectionPrefix: target.CollectionPrefix);
            pageStore.Initialize();
            var fileStore = new LiteFileStore(database, time, target.CollectionPrefix + LiteFileStore.DefaultPrefix);
            fileStore.Initialize();
            var import = new ArchiveImport(pageStore, fileStore, new ImportLimits(wiki.MaxNameLength, wiki.MaxPageBytes, files.MaxFileBytes, files.AllowedTypes));
            ImportReport report;
            try
            {
                report = Directory.Exists(source)
                    ? Import(import, ArchiveImport.ReadFolder(source))
                    : ImportArchive(import, source);
            }
            catch (StorageFullException ex)
            {
                error.WriteLine($"geminiwiki: {ex.Message} The import stopped; what was imported before stays.");
                return AdminCommandLine.Failed;
            }
            catch (IOException ex)
            {
                error.WriteLine($"geminiwiki: cannot read '{source}': {ex.Message}");
                return AdminCommandLine.Failed;
            }

            var into = target.IsDefault ? string.Empty : $" into space '{target.Name}'";
            output.WriteLine($"Imported {report.Pages} pages and {report.Files} files{into} from {source} "
                + $"({report.Unchanged} unchanged, {report.Ignored} other entries ignored).");
            foreach (var skipped in report.Skipped)
            {
                error.WriteLine($"skipped: {skipped}");
            }

            return report.Skipped.Count == 0 ? AdminCommandLine.Ok : AdminCommandLine.Failed;
        }
    }

    private static ImportReport ImportArchive(ArchiveImport import, string path)
    {
        using var archive = File.OpenRead(path);
        return Import(import, ArchiveImport.ReadArchive(archive));
    }

    private static ImportReport Import(ArchiveImport import, IEnumerable<ImportEntry> entries) =>
        import.ImportAsync(entries, CancellationToken.None).GetAwaiter().GetResult();

    private static IEnumerable<string> OrEmpty(this IEnumerable<string>? failures) => failures ?? [];
}
