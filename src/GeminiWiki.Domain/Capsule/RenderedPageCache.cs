using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Capsule;

/// <summary>
/// Rendered text files by request path. Resolving a path costs a system call per component and a
/// text file would otherwise be read and converted on every request; a hit costs one stat of the
/// file (and of its folder, for an index). Only successes are kept, so random paths cannot grow
/// it, and it stops growing at its bound.
/// </summary>
internal sealed class RenderedPageCache(int maxPages = RenderedPageCache.DefaultMaxPages, int maxBytes = RenderedPageCache.DefaultMaxBytes)
{
    public const int DefaultMaxPages = 1024;
    public const int DefaultMaxBytes = 256 * 1024;

    private readonly ConcurrentDictionary<string, CachedPage> _pages = new(StringComparer.Ordinal);

    public int Count => _pages.Count;

    /// <summary>The cached response, if neither its file nor its folder changed since it was rendered.</summary>
    public bool TryGet(string requestPath, [NotNullWhen(true)] out GeminiResponse? response)
    {
        if (_pages.TryGetValue(requestPath, out var cached) && cached.IsCurrent())
        {
            response = cached.Response;
            return true;
        }

        response = null;
        return false;
    }

    /// <summary>Keeps a page rendered from <paramref name="file"/>; <paramref name="folder"/> is the directory of an index, whose change may put another index first.</summary>
    public void Remember(string requestPath, string file, string? folder, GeminiResponse response)
    {
        if (response.Body.Length > maxBytes || _pages.Count >= maxPages)
        {
            return;
        }

        if (Stamp(file) is { } fileStamp)
        {
            var folderStamp = folder is null ? null : Stamp(folder);
            _pages[requestPath] = new CachedPage(file, folder, fileStamp, folderStamp, response);
        }
    }

    private static (DateTime, long)? Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length)
            : Directory.Exists(path) ? (Directory.GetLastWriteTimeUtc(path), 0) : null;
    }

    private sealed record CachedPage(string File, string? Folder, (DateTime, long) FileStamp, (DateTime, long)? FolderStamp, GeminiResponse Response)
    {
        public bool IsCurrent() =>
            Stamp(File) == FileStamp && (Folder is null || Stamp(Folder) == FolderStamp);
    }
}
