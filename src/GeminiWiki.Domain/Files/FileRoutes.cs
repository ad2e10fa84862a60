using System.Globalization;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Content;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Files;

/// <summary>
/// Uploaded files: Titan uploads to /file/&lt;name&gt;, served at the same path with their stored
/// type, every revision at /file/&lt;name&gt;/&lt;rev&gt;, listed at /do/files with each file's history
/// at /do/file-history/&lt;name&gt;. Everything sits under a route prefix ("" for the wiki itself),
/// so one instance serves each space. Reading follows the read policy, uploading the edit policy.
/// Map this module before <see cref="WikiRoutes"/>: the wiki answers every other Titan path.
/// </summary>
public sealed class FileRoutes : IRouteModule<Visitor>, IChangeSource
{
    private readonly IFileStore _store;
    private readonly WikiFileOptions _options;
    private readonly IReadOnlyList<string> _allowedTypes;
    private readonly string? _titanToken;
    private readonly WikiResponses _responses;
    private readonly RouteParameter<FileName> _name;
    private readonly RouteParameter<int> _revision =
        RouteParameters.PositiveNumber("rev", text => $"A file revision is a number from 1 up, not '{text}'");

    /// <param name="routePrefix">"" for the wiki's own files, "/&lt;space&gt;" for a space's.</param>
    /// <param name="titanToken">Wiki:TitanToken: when set, uploads need it, as page uploads do.</param>
    /// <param name="maxNameLength">Wiki:MaxNameLength, which file names share with page names.</param>
    public FileRoutes(string routePrefix, IFileStore store, WikiFileOptions options, string? titanToken, int maxNameLength, string language)
    {
        Links = new FileLinks(routePrefix);
        _store = store;
        _options = options;
        _allowedTypes = options.AllowedTypes;
        _titanToken = titanToken;
        _responses = new WikiResponses(language);
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
        routes
            .Map(Links.FileTemplate, RouteAccess.Read, Serve, _name, _revision)
            // The revision is accepted only to refuse it clearly: old revisions never change.
            .MapTitan(Links.FileTemplate, RouteAccess.Edit, UploadAsync, _name, _revision)
            .Map(Links.ListTemplate, RouteAccess.Read, List)
            .Map(Links.HistoryTemplate, RouteAccess.Read, History, _name);
    }

    public IReadOnlyList<WikiChange> RecentChanges(int count) =>
        _store.RecentChanges(count).Select(file =>
        {
            var revision = Links.File(file.Name, file.Revision);
            return new WikiChange(
                file.Time,
                file.Name.Value,
                file.Revision,
                file.IsDeleted ? "file deleted" : $"file, revision {file.Revision}",
                revision,
                file.IsDeleted ? Links.History(file.Name) : revision,
                DiffLink: null,
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
            .Text($"{WikiResponses.Count(files.Count, "file")}. A page shows one with an ordinary link, e.g. => {Links.File(FileName.Parse("cat.png"))} A cat");
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
            .Link(WikiLinks.Main, "Main page");
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

/// <summary>Links to one file module's routes, built from the templates they are mapped with.</summary>
public sealed class FileLinks(string routePrefix)
{
    internal RouteTemplate FileTemplate { get; } = RouteTemplate.Parse(routePrefix + "/file/{name}/{rev?}");

    internal RouteTemplate ListTemplate { get; } = RouteTemplate.Parse(routePrefix + "/do/files");

    internal RouteTemplate HistoryTemplate { get; } = RouteTemplate.Parse(routePrefix + "/do/file-history/{name}");

    public string List => ListTemplate.Link();

    public string File(FileName name) => FileTemplate.Link(name.Value);

    public string File(FileName name, int revision) => FileTemplate.Link(name.Value, revision.ToString(CultureInfo.InvariantCulture));

    public string History(FileName name) => HistoryTemplate.Link(name.Value);

    /// <summary>"titan://host[:port]/file/" on the host and port of <paramref name="baseUrl"/> ("gemini://host[:port]").</summary>
    public string TitanPrefix(string baseUrl) =>
        "titan" + baseUrl[baseUrl.IndexOf(':', StringComparison.Ordinal)..] + FileTemplate.LiteralPrefix;
}
