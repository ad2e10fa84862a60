using System.Globalization;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Content;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Files;

/// <summary>
/// Uploaded files: Titan uploads to /file/&lt;name&gt;, served at the same path with their stored
/// type, every revision at /file/&lt;name&gt;/&lt;rev&gt;, listed at /do/files with each file's history
/// at /do/file-history/&lt;name&gt;. Everything sits under the mount of a space (its prefix and
/// realm), so one instance serves each mount. Reading follows the space's read policy, uploading its
/// edit policy. Map this module before <see cref="WikiRoutes"/>: the wiki answers every other Titan path.
/// </summary>
public sealed class FileRoutes : IRouteModule<Visitor>
{
    private readonly SpaceMount _mount;
    private readonly IFileStore _store;
    private readonly WikiFileOptions _options;
    private readonly IReadOnlyList<string> _allowedTypes;
    private readonly string? _titanToken;
    private readonly WikiResponses _responses;
    private readonly RouteParameter<FileName> _name;
    private readonly RouteParameter<int> _revision =
        RouteParameters.PositiveNumber("rev", text => $"A file revision is a number from 1 up, not '{text}'");

    /// <param name="mount">Where the space's routes are mapped (<see cref="SpaceMount.Root"/> for the default space at the root).</param>
    /// <param name="titanToken">Wiki:TitanToken: when set, uploads need it, as page uploads do.</param>
    /// <param name="maxNameLength">Wiki:MaxNameLength, which file names share with page names.</param>
    public FileRoutes(SpaceMount mount, IFileStore store, WikiFileOptions options, string? titanToken, int maxNameLength, string language)
    {
        _mount = mount;
        Links = new FileLinks(mount.Prefix);
        _store = store;
        _options = options;
        _allowedTypes = options.AllowedTypes;
        _titanToken = titanToken;
        _responses = new WikiResponses(language, mount.Links);
        _name = new RouteParameter<FileName>("name", (string text, out FileName name, out string problem) =>
        {
            var valid = FileName.TryParse(text, maxNameLength, out name, out problem);
            problem = valid ? string.Empty : $"Not a file name: {problem}";
            return valid;
        });
    }

    public FileLinks Links { get; }

    public void MapRoutes(RouteTable<Visitor> routes)
    {
        routes.Under(_mount.Prefix, _mount.Realm)
            .Map(FileLinks.FileTemplate, RouteAccess.Read, Serve, _name, _revision)
            // The revision is accepted only to refuse it clearly: old revisions never change.
            .MapTitan(FileLinks.FileTemplate, RouteAccess.Edit, UploadAsync, _name, _revision)
            .Map(FileLinks.ListTemplate, RouteAccess.Read, List)
            .Map(FileLinks.HistoryTemplate, RouteAccess.Read, History, _name);
    }

    /// <summary>The newest <paramref name="count"/> file changes of <paramref name="store"/>, linked with <paramref name="links"/>.</summary>
    public static IReadOnlyList<WikiChange> RecentChanges(IFileStore store, FileLinks links, int count) =>
        store.RecentChanges(count).Select(file =>
        {
            var revision = links.File(file.Name, file.Revision);
            return new WikiChange(
                file.Time,
                file.Name.Value,
                file.Revision,
                file.IsDeleted ? "file deleted" : $"file, revision {file.Revision}",
                revision,
                file.IsDeleted ? links.History(file.Name) : revision,
                file.Author,
                file.IsDeleted
                    ? $"Revision {file.Revision}: file deleted by {file.Author.Label}"
                    : $"Revision {file.Revision} by {file.Author.Label}, {file.MediaType}, {file.Size} bytes",
                file.IsDeleted);
        }).ToList();

    private GeminiResponse Serve(WikiCall call)
    {
        var name = call.Values.Get(_name);
        var current = _store.Find(name);
        if (current is null)
        {
            return GeminiResponse.NotFound($"There is no file '{name.Value}'. Files are listed at {Links.List}; upload one with Titan to {Links.File(name)}");
        }

        var number = call.Values.TryGet(_revision, out var asked) ? asked : current.Revision;
        if (number > current.Revision)
        {
            return GeminiResponse.NotFound($"File '{current.Name.Value}' has no revision {number}; its revisions: {Links.History(current.Name)}");
        }

        FileContent? content;
        try
        {
            content = _store.ReadContent(name, number);
        }
        catch (DamagedFileException damage)
        {
            return GeminiResponse.TemporaryFailure($"Revision {damage.Revision} of file '{damage.Name.Value}' is damaged on the server (its stored content fails its checksum), so it is not sent; an admin has been told. Other revisions: {Links.History(damage.Name)}");
        }

        if (content is null)
        {
            return GeminiResponse.Gone($"File '{current.Name.Value}' was deleted in revision {number}; its history: {Links.History(current.Name)}");
        }

        return GeminiResponse.Success(MimeTypes.WithCharset(content.File.MediaType), content.Bytes);
    }

    private async ValueTask<GeminiResponse> UploadAsync(WikiCall call, CancellationToken cancellationToken)
    {
        // Everything that can refuse the upload is checked before a single body byte is read.
        var name = call.Values.Get(_name);
        if (call.Values.Has(_revision))
        {
            return GeminiResponse.BadRequest($"Upload to {Links.File(name)}, without a revision number: old revisions never change");
        }

        if (call.Request.Titan is not { } parameters || call.Request.Body is not { } body)
        {
            return GeminiResponse.BadRequest("A Titan upload needs ;size=<bytes> after the file name");
        }

        if (parameters.Size < 0 || parameters.Size > _options.MaxFileBytes)
        {
            return GeminiResponse.BadRequest($"Upload of {parameters.Size} bytes is over this wiki's limit of {_options.MaxFileBytes} bytes per file");
        }

        var mediaType = parameters.MediaType;
        if (parameters.Size > 0 && !_allowedTypes.Contains(mediaType))
        {
            return GeminiResponse.BadRequest($"Files can't be of type '{mediaType}'; upload one of {string.Join(", ", _allowedTypes)} (set the MIME type in your client)");
        }

        if (mediaType == FileTypes.PlainText && TitanUploadRules.CharsetOf(parameters.Mime) is { } charset && charset is not ("utf-8" or "utf8" or "us-ascii"))
        {
            return GeminiResponse.BadRequest($"Text files are stored as UTF-8; send the text as charset=utf-8, not {charset}");
        }

        if (TitanUploadRules.TokenRefusal(parameters, _titanToken) is { } wrongToken)
        {
            return wrongToken;
        }

        var author = new PageAuthor(call.Visitor.AuthorLabel, call.Visitor.Fingerprint?.Hex);
        if (parameters.Size == 0)
        {
            var deleted = await _store.DeleteAsync(name, author, cancellationToken).ConfigureAwait(false);
            return deleted.Result == SaveResult.NothingToDelete
                ? GeminiResponse.NotFound($"There is no file '{name.Value}' to delete (an empty upload deletes a file)")
                : GeminiResponse.Redirect(call.Request.BaseUrl + Links.List);
        }

        var content = await body.ReadExactlyAsync((int)parameters.Size, cancellationToken).ConfigureAwait(false);
        if (FileTypes.Mismatch(mediaType, content.Span) is { } mismatch)
        {
            return GeminiResponse.BadRequest(mismatch + "; nothing was saved. Upload it with its real type");
        }

        await _store.SaveAsync(name, content, mediaType, author, cancellationToken).ConfigureAwait(false);
        return GeminiResponse.Redirect(call.Request.BaseUrl + Links.File(_store.Find(name)?.Name ?? name));
    }

    private GeminiResponse List(WikiCall call)
    {
        var files = _store.AllFiles();
        var builder = new GemtextBuilder().Heading("Files")
            .Text($"{WikiResponses.Count(files.Count, "file")}. A page shows one with an ordinary link, e.g. => {FileLinks.Root.File(FileName.Parse("cat.png"))} A cat");
        foreach (var file in files)
        {
            builder.Blank()
                .Link(Links.File(file.Name), file.Name.Value)
                .Text($"{file.MediaType} · {Size(file.Size)} · revision {file.Revision} · {WikiResponses.Time(file.Time)} · {file.Author.Label}")
                .Link(Links.History(file.Name), $"History of {file.Name.Value}");
        }

        builder.Blank().Heading("Uploading", 2)
            .Text($"Upload with Titan to {Links.TitanPrefix(call.Request.BaseUrl)}<name>, "
                + $"as one of {string.Join(", ", _allowedTypes)}, at most {Size(_options.MaxFileBytes)}. "
                + "The content must really be of that type. Uploading again adds a revision; an empty upload deletes the file.")
            .Link(_mount.Links.Main, "Main page");
        return _responses.Gemtext(builder);
    }

    private GeminiResponse History(WikiCall call)
    {
        var history = _store.History(call.Values.Get(_name));
        if (history.Count == 0)
        {
            return GeminiResponse.NotFound($"There is no file '{call.Values.Get(_name).Value}'. Files are listed at {Links.List}");
        }

        var name = history[0].Name;
        var builder = new GemtextBuilder()
            .Heading($"History of {name.Value}")
            .Text($"{WikiResponses.Count(history.Count, "revision")}, newest first. Times are UTC.")
            .Blank()
            .Link(Links.File(name), "Current file")
            .Link(Links.List, "All files")
            .Blank();
        foreach (var revision in history)
        {
            var line = $"Revision {revision.Revision} · {WikiResponses.Time(revision.Time)} · {revision.Author.Label} · "
                + (revision.IsDeleted ? "file deleted" : $"{revision.MediaType}, {Size(revision.Size)}");
            if (revision.IsDeleted)
            {
                builder.Text(line);
            }
            else
            {
                builder.Link(Links.File(name, revision.Revision), line);
            }
        }

        return _responses.Gemtext(builder);
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };
}

/// <summary>A file store's changes for a space's recent changes and feed.</summary>
public sealed class FileChanges(IFileStore store) : IChangeSource
{
    public IReadOnlyList<WikiChange> RecentChanges(int count, string prefix) => FileRoutes.RecentChanges(store, new FileLinks(prefix), count);
}

/// <summary>
/// Links to one mount's file routes, built from the templates they are mapped with under the
/// mount's prefix ("/docs", or "" at the root of a host).
/// </summary>
public sealed class FileLinks(string prefix)
{
    internal static readonly RouteTemplate FileTemplate = RouteTemplate.Parse("/file/{name}/{rev?}");

    internal static readonly RouteTemplate ListTemplate = RouteTemplate.Parse("/do/files");

    internal static readonly RouteTemplate HistoryTemplate = RouteTemplate.Parse("/do/file-history/{name}");

    private readonly string _prefix = prefix.TrimEnd('/');

    /// <summary>The default space's files at the root.</summary>
    public static FileLinks Root { get; } = new(string.Empty);

    public string List => _prefix + ListTemplate.Link();

    /// <summary>Where Titan uploads of files go, up to the file name ("/docs/file/").</summary>
    public string UploadPrefix => _prefix + FileTemplate.LiteralPrefix;

    public string File(FileName name) => _prefix + FileTemplate.Link(name.Value);

    public string File(FileName name, int revision) => _prefix + FileTemplate.Link(name.Value, revision.ToString(CultureInfo.InvariantCulture));

    public string History(FileName name) => _prefix + HistoryTemplate.Link(name.Value);

    /// <summary>"titan://host[:port]/docs/file/" on the host and port of <paramref name="baseUrl"/> ("gemini://host[:port]").</summary>
    public string TitanPrefix(string baseUrl) =>
        "titan" + baseUrl[baseUrl.IndexOf(':', StringComparison.Ordinal)..] + UploadPrefix;
}
