using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Domain.Capsule;

/// <summary>
/// Confines request paths to the content folder. The path is decoded segment by segment, hidden
/// names (a leading '.') and names that could change the directory ('/', '\', '.', '..', NUL) are
/// refused, and the real path, with every symbolic link on the way resolved, must lie inside the
/// folder's real path and must not pass through a hidden name either.
/// </summary>
internal sealed class ContentFolder(string root)
{
    private static readonly char[] ForbiddenInSegment =
        [.. Path.GetInvalidFileNameChars().Concat(['/', '\\', '\0']).Distinct()];

    // Linux file names are case-sensitive; Windows and macOS usually are not.
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    // More links than this on one path is a loop (Linux gives up after 40 as well).
    private const int MaxLinks = 40;

    public string Root { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    /// <summary>
    /// Maps a normalised, percent-encoded request path to the real path of a file or directory
    /// inside the root, or fails for anything that must not be served. The target need not exist.
    /// </summary>
    public bool TryResolve(string requestPath, out string target)
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

    /// <summary>
    /// Resolves every link on a full path (one already under the root, such as a folder's index)
    /// and checks the result still lies inside the root and is not hidden.
    /// </summary>
    public bool TryResolveInside(string path, out string target)
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

    /// <summary>
    /// The path with every symbolic link resolved, component by component, like realpath(3):
    /// a ".." after a link steps out of the link's target, as the kernel would, not out of the
    /// link's name. Components that do not exist are kept as they are. Null for a link loop or
    /// a component that cannot be inspected.
    /// </summary>
    public static string? RealPath(string fullPath)
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

    private static bool IsInside(string root, string path) =>
        path.Equals(root, PathComparison)
        || path.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar, PathComparison);
}
