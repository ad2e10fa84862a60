namespace GeminiWiki.Domain.Storage;

/// <summary>
/// One of the database's two files as LiteDB sees it, unbuffered: every page LiteDB writes is in the
/// operating system when Write returns. What LiteDB's "flush to disk" does is decided per file.
/// The data file fsyncs on every flush (LiteDB flushes it when a checkpoint has copied the log into
/// it, before it empties the log). The log file does not: LiteDB 5.0.20 would fsync it once per
/// page, inside Commit, while the page's lock is held; <see cref="WikiDatabase.WaitDurable"/> fsyncs
/// it instead, once for every commit made before it started (group commit).
/// </summary>
internal sealed class DatabaseFileStream(FileStream file, bool fsyncOnFlush) : Stream
{
    public static DatabaseFileStream Open(string path, bool fsyncOnFlush) =>
        new(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0, FileOptions.RandomAccess), fsyncOnFlush);

    public FileStream File => file;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    public override void Flush()
    {
        if (fsyncOnFlush)
        {
            file.Flush(flushToDisk: true);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void SetLength(long value) => file.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
