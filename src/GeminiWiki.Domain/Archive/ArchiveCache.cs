using System.Globalization;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeminiWiki.Domain.Archive;

/// <summary>A finished archive on disk.</summary>
public sealed record ArchiveFile(string Path, long Bytes, ArchiveContents Contents);

/// <summary>
/// The archive of one wiki (or space), built in the background and kept as a file in the data
/// folder until a page or file changes. Each build writes its own numbered file (temporary name,
/// flushed, then renamed), so a build for an older state finishing late never replaces a newer
/// archive, and a download already streaming keeps its file. Requests for an unchanged wiki share
/// one build.
/// </summary>
public sealed partial class ArchiveCache
{
    private readonly IPageStore _pages;
    private readonly IFileStore _files;
    private readonly string _directory;
    private readonly string _name;
    private readonly DiskSpace _space;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Build? _build;
    private long _sequence;

    /// <param name="directory">Where archives are written (in the data folder, so the disk-space guard covers them).</param>
    /// <param name="name">The archive's file name without extension, one per space.</param>
    public ArchiveCache(IPageStore pages, IFileStore files, string directory, string name, DiskSpace space, ILogger<ArchiveCache>? logger = null)
    {
        _pages = pages;
        _files = files;
        _directory = directory;
        _name = name;
        _space = space;
        _logger = logger ?? NullLogger<ArchiveCache>.Instance;
        // What an earlier run left is of a state nobody can vouch for now.
        if (Directory.Exists(directory))
        {
            foreach (var old in Directory.EnumerateFiles(directory).Where(path => SequenceOf(path) is not null))
            {
                File.Delete(old);
            }
        }
    }

    /// <summary>
    /// The archive of the wiki as it is now: a finished task when it is cached, otherwise the
    /// build that makes it (started here unless one for this state is running).
    /// </summary>
    public Task<ArchiveFile> CurrentAsync()
    {
        // The page store hands out the same list until a save changes it, so its identity is the pages' version.
        var pages = _pages.AllPages();
        var filesVersion = _files.Version;
        lock (_gate)
        {
            if (_build is { } build && ReferenceEquals(build.Pages, pages) && build.FilesVersion == filesVersion && !build.Task.IsFaulted)
            {
                return build.Task;
            }

            var sequence = ++_sequence;
            var files = _files.AllFiles();
            var task = Task.Run(() => Write(pages, files, sequence));
            _build = new Build(pages, filesVersion, task);
            return task;
        }
    }

    private ArchiveFile Write(IReadOnlyList<CurrentPage> pages, IReadOnlyList<StoredFile> files, long sequence)
    {
        _space.EnsureRoomToWrite();
        Directory.CreateDirectory(_directory);
        var final = Path.Combine(_directory, $"{_name}-{sequence.ToString(CultureInfo.InvariantCulture)}.tar.gz");
        var temporary = Path.Combine(_directory, $".{_name}-{sequence.ToString(CultureInfo.InvariantCulture)}.tmp");
        try
        {
            ArchiveContents contents;
            long bytes;
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                contents = WikiArchive.Write(output, pages, files, _files);
                output.Flush(flushToDisk: true);
                bytes = output.Length;
            }

            File.Move(temporary, final, overwrite: true);
            foreach (var problem in contents.LeftOut)
            {
                LogLeftOut(_logger, final, problem);
            }

            LogBuilt(_logger, final, contents.Pages, contents.Files, bytes);
            RemoveOlderThan(sequence - 1);
            return new ArchiveFile(final, bytes, contents);
        }
        catch (Exception ex)
        {
            LogFailed(_logger, final, ex.Message, ex);
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The previous archive stays: a request may have been handed its path a moment ago.</summary>
    private void RemoveOlderThan(long keep)
    {
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (SequenceOf(path) < keep)
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>The build number of one of this cache's files ("&lt;name&gt;-7.tar.gz", ".&lt;name&gt;-7.tmp"); null for any other file, another space's included.</summary>
    private long? SequenceOf(string path)
    {
        var file = Path.GetFileName(path);
        var number = file.StartsWith(_name + "-", StringComparison.Ordinal) && file.EndsWith(".tar.gz", StringComparison.Ordinal)
            ? file[(_name.Length + 1)..^".tar.gz".Length]
            : file.StartsWith("." + _name + "-", StringComparison.Ordinal) && file.EndsWith(".tmp", StringComparison.Ordinal)
                ? file[(_name.Length + 2)..^".tmp".Length]
                : null;
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Archive {Path} built: {Pages} pages, {Files} files, {Bytes} bytes")]
    private static partial void LogBuilt(ILogger logger, string path, int pages, int files, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Archive {Path} leaves out {Problem}")]
    private static partial void LogLeftOut(ILogger logger, string path, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Archive {Path} could not be built: {Error}")]
    private static partial void LogFailed(ILogger logger, string path, string error, Exception exception);

    private sealed record Build(IReadOnlyList<CurrentPage> Pages, long FilesVersion, Task<ArchiveFile> Task);
}
