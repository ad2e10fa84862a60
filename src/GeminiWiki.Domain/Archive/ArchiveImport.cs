using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Content;

namespace GeminiWiki.Domain.Archive;

/// <summary>One entry of an archive or folder being imported: its path ("page/Home.gmi") and content.</summary>
public sealed record ImportEntry(string Path, long Length, Func<Stream> Open);

/// <summary>What an import did, and each entry it refused (with why).</summary>
public sealed record ImportReport(int Pages, int Files, int Unchanged, int Ignored, IReadOnlyList<string> Skipped);

/// <summary>The limits an import applies, the same ones uploads get.</summary>
public sealed record ImportLimits(int MaxNameLength, int MaxPageBytes, int MaxFileBytes, IReadOnlyList<string> FileTypes);

/// <summary>
/// Reads an archive made by /do/data, or Phoebe's data folder (page/*.gmi and file/*), into the
/// stores: each page and file a new revision by "import". Entries are held to the rules uploads
/// are (names, sizes, UTF-8 pages, allowed file types whose content matches); one that breaks
/// them is skipped and reported, the rest are imported. Other entries (Phoebe's index, changes
/// log, kept revisions) are counted as ignored.
/// </summary>
public sealed class ArchiveImport(IPageStore pages, IFileStore files, ImportLimits limits)
{
    public static readonly PageAuthor Author = new("import", null);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const int MaxMetaBytes = 4096;

    private readonly Dictionary<string, string> _declaredTypes = new(StringComparer.Ordinal);

    /// <summary>The entries of a tar.gz (or plain tar) archive, read one after another; <paramref name="archive"/> must be seekable.</summary>
    public static IEnumerable<ImportEntry> ReadArchive(Stream archive)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = archive.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        archive.Seek(-read, SeekOrigin.Current);
        var isGzip = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        return Entries(isGzip ? new GZipStream(archive, CompressionMode.Decompress) : archive);
    }

    /// <summary>
    /// The entries of a folder: Phoebe's data folder (page/ and file/ under it), or a folder of
    /// page files itself (*.gmi, *.md).
    /// </summary>
    public static IEnumerable<ImportEntry> ReadFolder(string folder)
    {
        var hasLayout = Directory.Exists(Path.Combine(folder, WikiArchive.PageFolder)) || Directory.Exists(Path.Combine(folder, WikiArchive.FileFolder));
        IEnumerable<(string Path, string Entry)> found = hasLayout
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(p => (p, Path.GetRelativePath(folder, p).Replace('\\', '/')))
            : Directory.EnumerateFiles(folder).Select(p => (p, $"{WikiArchive.PageFolder}/{Path.GetFileName(p)}"));
        // Types (meta/) before the files they describe, as the importer reads in order.
        return found.OrderBy(f => f.Entry.StartsWith(WikiArchive.MetaFolder + "/", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(f => f.Entry, StringComparer.Ordinal)
            .Select(f => new ImportEntry(f.Entry, new FileInfo(f.Path).Length, () => File.OpenRead(f.Path)));
    }

    public async Task<ImportReport> ImportAsync(IEnumerable<ImportEntry> entries, CancellationToken cancellationToken)
    {
        int pageCount = 0, fileCount = 0, unchanged = 0, ignored = 0;
        var skipped = new List<string>();
        using var next = entries.GetEnumerator();
        while (true)
        {
            try
            {
                if (!next.MoveNext())
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
            {
                // What came before is imported; the rest of a damaged archive cannot be found.
                skipped.Add($"the archive is damaged or not a tar archive, so nothing after this point was read ({ex.Message})");
                break;
            }

            var entry = next.Current;
            var segments = entry.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
            var folder = segments.Length >= 2 ? segments[^2] : null;
            if (folder == WikiArchive.MetaFolder && entry.Length <= MaxMetaBytes)
            {
                if (ContentType(Read(entry)) is { } declared)
                {
                    _declaredTypes[segments[^1]] = declared;
                }

                ignored++;
                continue;
            }

            if (folder is not (WikiArchive.PageFolder or WikiArchive.FileFolder))
            {
                ignored++;
                continue;
            }

            SaveResult? result;
            string? problem;
            try
            {
                (result, problem) = folder == WikiArchive.PageFolder
                    ? await ImportPageAsync(segments[^1], entry, cancellationToken).ConfigureAwait(false)
                    : await ImportFileAsync(segments[^1], entry, cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException)
            {
                (result, problem) = (null, $"the entry is cut short (fewer than the {entry.Length} bytes its header announces)");
            }

            if (problem is not null)
            {
                skipped.Add($"{entry.Path}: {problem}");
            }
            else if (result == SaveResult.Unchanged)
            {
                unchanged++;
            }
            else if (folder == WikiArchive.PageFolder)
            {
                pageCount++;
            }
            else
            {
                fileCount++;
            }
        }

        return new ImportReport(pageCount, fileCount, unchanged, ignored, skipped);
    }

    private async Task<(SaveResult?, string?)> ImportPageAsync(string fileName, ImportEntry entry, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(fileName);
        var format = extension.ToLowerInvariant() switch
        {
            ".gmi" => PageFormat.Gemtext,
            ".md" => PageFormat.Markdown,
            _ => (PageFormat?)null,
        };
        if (format is null)
        {
            return (null, "a page must be a .gmi or .md file");
        }

        if (!PageName.TryParse(fileName[..^extension.Length], limits.MaxNameLength, out var name, out var problem))
        {
            return (null, problem);
        }

        if (entry.Length > limits.MaxPageBytes)
        {
            return (null, $"{entry.Length} bytes is over the limit of {limits.MaxPageBytes} bytes per page (Wiki:MaxPageBytes)");
        }

        var bytes = Read(entry);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return (null, "the page is not valid UTF-8 text");
        }

        var outcome = await pages.SaveAsync(name, text, format.Value, Author, cancellationToken).ConfigureAwait(false);
        return (outcome.Result, null);
    }

    private async Task<(SaveResult?, string?)> ImportFileAsync(string fileName, ImportEntry entry, CancellationToken cancellationToken)
    {
        if (!FileName.TryParse(fileName, limits.MaxNameLength, out var name, out var problem))
        {
            return (null, problem);
        }

        if (entry.Length > limits.MaxFileBytes)
        {
            return (null, $"{entry.Length} bytes is over the limit of {limits.MaxFileBytes} bytes per file (Wiki:MaxFileBytes)");
        }

        var bytes = Read(entry);
        // The type is the one recorded in meta/, else the one the name's extension says, else the
        // one the content's signature has; whichever it is, the content must match it, as on upload.
        var extensionType = MimeTypes.FromFileName(fileName);
        var type = _declaredTypes.GetValueOrDefault(fileName)
            ?? (FileTypes.Checkable.Contains(extensionType) ? extensionType : null)
            ?? FileTypes.Detect(bytes)
            ?? (FileTypes.Mismatch(FileTypes.PlainText, bytes) is null ? FileTypes.PlainText : null);
        if (type is null)
        {
            return (null, $"the content is none of the accepted types ({string.Join(", ", limits.FileTypes)})");
        }

        if (!limits.FileTypes.Contains(type))
        {
            return (null, $"files of type {type} are not accepted here (Wiki:FileTypes: {string.Join(", ", limits.FileTypes)})");
        }

        if (FileTypes.Mismatch(type, bytes) is { } mismatch)
        {
            return (null, mismatch);
        }

        var outcome = await files.SaveAsync(name, bytes, type, Author, cancellationToken).ConfigureAwait(false);
        return (outcome.Result, null);
    }

    /// <summary>The type in a Phoebe meta file ("content-type: image/png"), lower-cased; null when it names none.</summary>
    private static string? ContentType(byte[] meta)
    {
        foreach (var line in Encoding.UTF8.GetString(meta).Split('\n'))
        {
            if (line.StartsWith(WikiArchive.ContentTypeKey, StringComparison.OrdinalIgnoreCase))
            {
                var type = line[WikiArchive.ContentTypeKey.Length..].Split(';')[0].Trim().ToLowerInvariant();
                return type.Length > 0 ? type : null;
            }
        }

        return null;
    }

    private static byte[] Read(ImportEntry entry)
    {
        using var stream = entry.Open();
        var bytes = new byte[entry.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static IEnumerable<ImportEntry> Entries(Stream stream)
    {
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                // The entry's data can be read only until the reader moves on: the import reads it within this step.
                var data = entry.DataStream ?? Stream.Null;
                yield return new ImportEntry(entry.Name, entry.Length, () => new NonClosingStream(data));
            }
        }
    }

    /// <summary>Lets the importer dispose what it opened without closing the tar reader's stream under it.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
