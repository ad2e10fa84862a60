using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Archive;

/// <summary>What an archive holds, and what had to be left out of it.</summary>
public sealed record ArchiveContents(int Pages, int Files, IReadOnlyList<string> LeftOut);

/// <summary>
/// The wiki's current pages and files as a tar.gz laid out as Phoebe lays out its data folder:
/// <c>page/&lt;name&gt;.gmi</c> (or <c>.md</c>, as stored) and <c>file/&lt;name&gt;</c>. Entries are
/// PAX, so any Unicode name survives; times are each page's and file's last change.
/// </summary>
public static class WikiArchive
{
    public const string MimeType = "application/gzip";
    public const string PageFolder = "page";
    public const string FileFolder = "file";

    /// <summary>Phoebe keeps each file's type in meta/&lt;name&gt; as "content-type: TYPE"; written before the file, so an import reading in order knows it.</summary>
    public const string MetaFolder = "meta";

    public const string ContentTypeKey = "content-type:";

    private const UnixFileMode EntryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static string PageEntry(CurrentPage page) =>
        $"{PageFolder}/{page.Name.Value}{(page.Format == PageFormat.Markdown ? ".md" : ".gmi")}";

    public static string FileEntry(FileName name) => $"{FileFolder}/{name.Value}";

    public static string MetaEntry(FileName name) => $"{MetaFolder}/{name.Value}";

    /// <summary>Writes the archive to <paramref name="output"/> (left open). Damaged revisions are left out and named in the result.</summary>
    public static ArchiveContents Write(Stream output, IReadOnlyList<CurrentPage> pages, IReadOnlyList<StoredFile> files, IFileStore store)
    {
        var leftOut = new List<string>();
        int pageCount = 0, fileCount = 0;
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var page in pages)
            {
                if (page.IsDamaged)
                {
                    leftOut.Add($"{PageEntry(page)}: revision {page.Revision} is damaged");
                    continue;
                }

                WriteEntry(tar, PageEntry(page), Encoding.UTF8.GetBytes(page.Text), page.Updated);
                pageCount++;
            }

            foreach (var file in files)
            {
                FileContent? content;
                try
                {
                    content = store.ReadContent(file.Name, file.Revision);
                }
                catch (DamagedFileException damage)
                {
                    leftOut.Add($"{FileEntry(file.Name)}: revision {damage.Revision} is damaged");
                    continue;
                }

                if (content is not null)
                {
                    WriteEntry(tar, MetaEntry(file.Name), Encoding.UTF8.GetBytes($"{ContentTypeKey} {content.File.MediaType}\n"), file.Time);
                    WriteEntry(tar, FileEntry(file.Name), content.Bytes, file.Time);
                    fileCount++;
                }
            }
        }

        return new ArchiveContents(pageCount, fileCount, leftOut);
    }

    private static void WriteEntry(TarWriter tar, string path, byte[] bytes, DateTimeOffset time)
    {
        using var data = new MemoryStream(bytes, writable: false);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path)
        {
            DataStream = data,
            ModificationTime = time,
            Mode = EntryMode,
        });
    }
}
