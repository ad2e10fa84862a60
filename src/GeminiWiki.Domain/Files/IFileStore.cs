using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Files;

/// <summary>
/// Uploaded files and every revision of them. Like pages, nothing is overwritten: each upload is a
/// numbered revision with its author and time, and a deletion is a revision too.
/// </summary>
public interface IFileStore
{
    /// <summary>Moves on with every committed change, so what is derived from the files (the archive) knows when it is stale.</summary>
    long Version { get; }

    /// <summary>The current state of a file (deleted ones included), or null when it never existed.</summary>
    StoredFile? Find(FileName name);

    /// <summary>Every file that exists now (not deleted), ordered by name.</summary>
    IReadOnlyList<StoredFile> AllFiles();

    /// <summary>All revisions of a file, newest first, without their content.</summary>
    IReadOnlyList<StoredFile> History(FileName name);

    /// <summary>The latest file changes, newest first.</summary>
    IReadOnlyList<StoredFile> RecentChanges(int count);

    /// <summary>
    /// The content of one revision, checked against its SHA-256; null when there is no such
    /// revision or it is a deletion. Throws <see cref="DamagedFileException"/> when it fails the check.
    /// </summary>
    FileContent? ReadContent(FileName name, int revision);

    /// <summary>Saves new content; the same bytes with the same type as the current revision add no revision.</summary>
    Task<SaveOutcome> SaveAsync(FileName name, ReadOnlyMemory<byte> content, string mediaType, PageAuthor author, CancellationToken cancellationToken);

    /// <summary>Adds a deletion revision; a later upload brings the file back.</summary>
    Task<SaveOutcome> DeleteAsync(FileName name, PageAuthor author, CancellationToken cancellationToken);
}

/// <summary>One revision of a file, without its content: the current state, a history line or a change.</summary>
public sealed record StoredFile(FileName Name, int Revision, string MediaType, long Size, PageAuthor Author, DateTimeOffset Time, bool IsDeleted);

/// <summary>One revision's content with its metadata.</summary>
public sealed record FileContent(StoredFile File, byte[] Bytes);

/// <summary>A stored file revision whose content no longer matches its checksum or cannot be read.</summary>
public sealed class DamagedFileException(FileName name, int revision, string reason)
    : IOException($"Revision {revision} of file '{name.Value}' is damaged: {reason}")
{
    public FileName Name { get; } = name;

    public int Revision { get; } = revision;

    public string Reason { get; } = reason;
}
