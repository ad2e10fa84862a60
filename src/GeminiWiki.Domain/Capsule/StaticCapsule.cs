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
/// Nothing outside the folder is ever served: the path is decoded segment by segment, hidden
/// names (a leading '.') and names that could change the directory ('/', '\', '.', '..', NUL)
/// are refused, and the real path of the file, with every symbolic link on the way resolved,
/// must lie inside the folder's real path. Every refusal is a plain 51, so a client cannot tell
/// a forbidden file from a missing one.
/// </para>
/// </summary>
public sealed class StaticCapsule(string root, string language) : IGeminiHandler
{
    private static readonly string[] IndexFiles = ["index.gmi", "index.md"];

    private static readonly char[] ForbiddenInSegment =
        [.. Path.GetInvalidFileNameChars().Concat(['/', '\\', '\0']).Distinct()];

    // Linux file names are case-sensitive; Windows and macOS usually are not.
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    // More links than this on one path is a loop (Linux gives up after 40 as well).
    private const int MaxLinks = 40;

    // Rendered text files by request path. Resolving a path costs a system call per component and
    // a text file is read and converted on every request: about 80 µs, a tenth of a whole request
    // with its handshake. A hit costs one stat of the file (and of the folder, for an index).
    // Only successes are kept, so random paths cannot grow it; it stops growing at its bound.
    private const int MaxCachedPages = 1024;
    private const int MaxCachedBytes = 256 * 1024;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CachedPage> _rendered = new(StringComparer.Ordinal);

    public string Root { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    public string Language { get; } = language;

    public async ValueTask<GeminiResponse> HandleAsync(GeminiRequest request, CancellationToken cancellationToken)
    {
        if (request.Scheme != GeminiScheme.Gemini)
        {
            return GeminiResponse.BadRequest("Uploads are not accepted for static files");
        }

        if (_rendered.TryGetValue(request.Path, out var cached) && cached.IsCurrent())
        {
            return cached.Response;
        }

        var (response, source) = await ResolveAsync(request, cancellationToken).ConfigureAwait(false);
        if (source is { } rendered && response.IsSuccess && response.BodyFile is null)
        {
            Remember(request.Path, rendered, response);
        }

        return response;
    }

    /// <summary>
    /// Resolves and serves a request; <c>Source</c> names the text file (and, for an index, its
    /// directory) a rendered gemtext response came from, so it can be cached.
    /// </summary>
    private async ValueTask<(GeminiResponse Response, RenderedSource? Source)> ResolveAsync(GeminiRequest request, CancellationToken cancellationToken)
    {
        if (!TryResolve(request.Path, out var target))
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
                if (TryResolveInside(Path.Join(target, index), out var indexFile) && File.Exists(indexFile))
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

    /// <summary>
    /// Maps a normalised, percent-encoded request path to the real path of a file or directory
    /// inside the root, or fails for anything that must not be served.
    /// </summary>
    internal bool TryResolve(string requestPath, out string target)
    {
        target = string.Empty;
        if (!PathNormalizer.TryDecodeSegments(requestPath, out var segments))
        {
            return false;
        }

        foreach (var segment in segments)
        {
            // '.' and '..' start with a dot as well, so this one rule covers hidden names and traversal.
            if (segment.Length == 0 || segment[0] == '.' || segment.IndexOfAny(ForbiddenInSegment) >= 0)
            {
                return false;
            }
        }

        var candidate = Path.GetFullPath(Path.Join([Root, .. segments]));
        if (!IsInside(Root, candidate))
        {
            return false;
        }

        return TryResolveInside(candidate, out target);
    }

    /// <summary>Resolves every link on the way and checks the result still lies inside the root, and is not hidden.</summary>
    private bool TryResolveInside(string path, out string target)
    {
        target = string.Empty;
        var realRoot = RealPath(Root);
        var real = RealPath(path);
        if (realRoot is null || real is null || !IsInside(realRoot, real))
        {
            return false;
        }

        // A link inside the folder may still point at a hidden file in it (a link to .git, say).
        var relative = Path.GetRelativePath(realRoot, real);
        if (relative != "." && relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part.StartsWith('.')))
        {
            return false;
        }

        target = real;
        return true;
    }

    private void Remember(string requestPath, RenderedSource source, GeminiResponse response)
    {
        if (response.Body.Length > MaxCachedBytes || _rendered.Count >= MaxCachedPages)
        {
            return;
        }

        if (CachedPage.Stamp(source.File) is { } fileStamp)
        {
            var folderStamp = source.Folder is null ? null : CachedPage.Stamp(source.Folder);
            _rendered[requestPath] = new CachedPage(source, fileStamp, folderStamp, response);
        }
    }

    private sealed record RenderedSource(string File, string? Folder);

    /// <summary>A rendered page and the stamps of what it came from; a changed file or folder (an index added) makes it stale.</summary>
    private sealed record CachedPage(RenderedSource Source, (DateTime, long) FileStamp, (DateTime, long)? FolderStamp, GeminiResponse Response)
    {
        public bool IsCurrent() =>
            Stamp(Source.File) == FileStamp && (Source.Folder is null || Stamp(Source.Folder) == FolderStamp);

        public static (DateTime, long)? Stamp(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.LastWriteTimeUtc, info.Length)
                : Directory.Exists(path) ? (Directory.GetLastWriteTimeUtc(path), 0) : null;
        }
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

    private static bool IsInside(string root, string path) =>
        path.Equals(root, PathComparison)
        || path.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar, PathComparison);

    /// <summary>
    /// The path with every symbolic link resolved, component by component, like realpath(3):
    /// a ".." after a link steps out of the link's target, as the kernel would, not out of the
    /// link's name. Components that do not exist are kept as they are. Null for a link loop or
    /// a component that cannot be inspected.
    /// </summary>
    internal static string? RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var resolved = new List<string>();
        var pending = new Stack<string>();
        Push(pending, fullPath[root.Length..]);
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var next = Path.Join([root, .. resolved, part]);
            string? linkTarget;
            try
            {
                linkTarget = new FileInfo(next).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (linkTarget is null)
            {
                resolved.Add(part);
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (Path.IsPathRooted(linkTarget))
            {
                root = Path.GetPathRoot(linkTarget) ?? root;
                resolved.Clear();
                linkTarget = linkTarget[root.Length..];
            }

            // A relative target continues from the directory that holds the link.
            Push(pending, linkTarget);
        }

        return Path.TrimEndingDirectorySeparator(Path.Join([root, .. resolved]));

        static void Push(Stack<string> pending, string path)
        {
            var parts = path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                pending.Push(parts[i]);
            }
        }
    }
}
