using GeminiWiki.Domain.Rendering;
using GeminiWiki.Protocol.Content;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Capsule;

/// <summary>
/// Serves the files of the content folder for every path no route claimed. Gemtext is served as
/// <c>text/gemini</c> with the configured language, Markdown is converted to gemtext, any other
/// file is streamed with the MIME type of its extension, and a directory serves its
/// <c>index.gmi</c> or <c>index.md</c>.
/// <para>
/// Nothing outside the folder is ever served (<see cref="ContentFolder"/> decides what is inside).
/// Every refusal is a plain 51, so a client cannot tell a forbidden file from a missing one.
/// </para>
/// </summary>
public sealed class StaticCapsule(string root, string language) : IGeminiHandler
{
    private static readonly string[] IndexFiles = ["index.gmi", "index.md"];

    private readonly ContentFolder _folder = new(root);
    private readonly RenderedPageCache _rendered = new();

    public string Root => _folder.Root;

    public string Language { get; } = language;

    public async ValueTask<GeminiResponse> HandleAsync(GeminiRequest request, CancellationToken cancellationToken)
    {
        if (request.Scheme != GeminiScheme.Gemini)
        {
            return GeminiResponse.BadRequest("Uploads are not accepted for static files");
        }

        if (_rendered.TryGet(request.Path, out var cached))
        {
            return cached;
        }

        var (response, source) = await ResolveAsync(request, cancellationToken).ConfigureAwait(false);
        if (source is { } rendered && response.IsSuccess && response.BodyFile is null)
        {
            _rendered.Remember(request.Path, rendered.File, rendered.Folder, response);
        }

        return response;
    }

    /// <summary>
    /// Resolves and serves a request; <c>Source</c> names the text file (and, for an index, its
    /// directory) a rendered gemtext response came from, so it can be cached.
    /// </summary>
    private async ValueTask<(GeminiResponse Response, RenderedSource? Source)> ResolveAsync(GeminiRequest request, CancellationToken cancellationToken)
    {
        if (!_folder.TryResolve(request.Path, out var target))
        {
            return (GeminiResponse.NotFound(), null);
        }

        if (Directory.Exists(target))
        {
            // "/docs" must become "/docs/" or the relative links of its index would resolve
            // against the parent. The root itself is never redirected: the parser already maps
            // gemini://host to "/".
            if (!request.Path.EndsWith('/'))
            {
                var query = request.Query is null ? string.Empty : "?" + request.Query;
                return (GeminiResponse.PermanentRedirect($"{request.BaseUrl}{request.Path}/{query}"), null);
            }

            foreach (var index in IndexFiles)
            {
                if (_folder.TryResolveInside(Path.Join(target, index), out var indexFile) && File.Exists(indexFile))
                {
                    var served = await ServeFileAsync(indexFile, cancellationToken).ConfigureAwait(false);
                    return (served, new RenderedSource(indexFile, target));
                }
            }

            return (GeminiResponse.NotFound(), null);
        }

        // A trailing slash names a directory; a file under that name would break relative links.
        if (!File.Exists(target) || request.Path.EndsWith('/'))
        {
            return (GeminiResponse.NotFound(), null);
        }

        return (await ServeFileAsync(target, cancellationToken).ConfigureAwait(false), new RenderedSource(target, null));
    }

    private async ValueTask<GeminiResponse> ServeFileAsync(string path, CancellationToken cancellationToken)
    {
        var mime = MimeTypes.FromFileName(path);
        switch (mime)
        {
            case MimeTypes.Gemtext:
            {
                var text = await ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
                return text is null ? GeminiResponse.NotFound() : GeminiResponse.Gemtext(GemtextBuilder.NormalizeLineEndings(text), Language);
            }

            case MimeTypes.Markdown:
            {
                var text = await ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
                return text is null ? GeminiResponse.NotFound() : GeminiResponse.Gemtext(MarkdownGemtext.Convert(text), Language);
            }

            default:
                // Streamed by the connection, so a large file never sits in memory.
                return GeminiResponse.File(MimeTypes.WithCharset(mime), path);
        }
    }

    private static async ValueTask<string?> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            // ReadAllTextAsync drops a byte order mark, which a gemtext body must not carry.
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // Removed since the check, or unreadable: to the client it is simply not there.
            return null;
        }
    }

    private sealed record RenderedSource(string File, string? Folder);
}
