namespace GeminiWiki.Domain.Storage;

/// <summary>
/// How the database reaches its two files: the streams LiteDB reads and writes, and the fsync that
/// makes a save survive power loss. On disk in production (<see cref="DiskDatabaseFiles"/>); a test
/// substitutes files that record what reached the operating system and what was fsynced, which a
/// copy of the real files cannot tell apart (it reads the page cache).
/// </summary>
internal interface IDatabaseFiles
{
    /// <summary>Opens (creating if needed) <paramref name="path"/>; every Write is in the operating system when it returns.</summary>
    Stream Open(string path);

    /// <summary>
    /// The database is about to block until LiteDB's log writer has written every page queued for
    /// <paramref name="file"/>. Nothing to do on a disk; a test's files that hold writes back, as a
    /// slow disk would, let them through here, so a save that does not wait returns before they land.
    /// </summary>
    void WaitingForWrites(Stream file);

    /// <summary>Makes everything written to <paramref name="file"/> so far survive power loss (fsync).</summary>
    void FlushToDisk(Stream file);
}

/// <summary>The database's files on disk, unbuffered, so LiteDB's page writes go straight to the operating system.</summary>
internal sealed class DiskDatabaseFiles : IDatabaseFiles
{
    public static DiskDatabaseFiles Instance { get; } = new();

    private DiskDatabaseFiles()
    {
    }

    public Stream Open(string path) =>
        new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0, FileOptions.RandomAccess);

    public void WaitingForWrites(Stream file)
    {
    }

    // On the handle rather than through the stream: concurrent callers need no lock, and there is no buffer to flush.
    public void FlushToDisk(Stream file) => RandomAccess.FlushToDisk(((FileStream)file).SafeFileHandle);
}
