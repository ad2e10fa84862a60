using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Domain.Tests.Durability;

/// <summary>
/// Database files kept in memory that record two images of each file: what has been written (in
/// the operating system: what a process crash leaves) and what has been fsynced (what power loss
/// leaves). A copy of real files cannot tell these apart, nor a page still in LiteDB's write queue
/// from one written: it reads the page cache, and LiteDB often writes on the committing thread.
/// <see cref="HoldLogWrites"/> makes the log slow the way a busy disk is: LiteDB's writer blocks on
/// its next page until the database says it waits for the writer, so a save that returns without
/// waiting returns before its pages are written, every time.
/// </summary>
internal sealed class RecordingDisk : IDatabaseFiles
{
    // Only a hang guard: a held write nobody waits for fails the writer (and so the save) instead of the test run.
    private static readonly TimeSpan HeldWriteLimit = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, RecordedFile> _files = [];
    private readonly ManualResetEventSlim _logWritesFlow = new(initialState: true);

    /// <summary>Opens the database in <paramref name="directory"/> (its lock file is real) with its data and log files here.</summary>
    public WikiDatabase Open(string directory) => WikiDatabase.Open(directory, DiskSpace.Unlimited, this);

    /// <summary>
    /// The log's next writes block until the database waits for them (or <see cref="LetWritesThrough"/>).
    /// Arm it on a freshly opened database only: its first commit starts LiteDB's writer on a thread
    /// of its own; later commits may write on the committing thread, which would then block itself.
    /// </summary>
    public void HoldLogWrites() => _logWritesFlow.Reset();

    /// <summary>Lets held writes land, as the disk eventually would; call it before closing the database.</summary>
    public void LetWritesThrough() => _logWritesFlow.Set();

    /// <summary>Writes the files as a process crash now would leave them (everything written) into <paramref name="directory"/>.</summary>
    public void LeaveAfterCrash(string directory) => Leave(directory, file => file.Written());

    /// <summary>Writes the files as power loss now would leave them (only what was fsynced) into <paramref name="directory"/>.</summary>
    public void LeaveAfterPowerLoss(string directory) => Leave(directory, file => file.Durable());

    /// <summary>The bytes written to the log so far.</summary>
    public byte[] WrittenLog(string directory) =>
        File(LiteLogWriter.LogPathOf(Path.Combine(directory, WikiDatabase.DatabaseFileName))).Written();

    /// <summary>Whether the fsynced image of the log holds <paramref name="text"/> (as LiteDB stores strings: UTF-8).</summary>
    public bool DurableLogHolds(string directory, string text) =>
        File(LiteLogWriter.LogPathOf(Path.Combine(directory, WikiDatabase.DatabaseFileName))).DurableHolds(System.Text.Encoding.UTF8.GetBytes(text));

    private void Leave(string directory, Func<RecordedFile, byte[]> image)
    {
        System.IO.Directory.CreateDirectory(directory);
        lock (_files)
        {
            foreach (var (path, file) in _files)
            {
                System.IO.File.WriteAllBytes(Path.Combine(directory, Path.GetFileName(path)), image(file));
            }
        }
    }

    private RecordedFile File(string path)
    {
        lock (_files)
        {
            if (!_files.TryGetValue(path, out var file))
            {
                var isLog = path == LiteLogWriter.LogPathOf(Path.Combine(Path.GetDirectoryName(path)!, WikiDatabase.DatabaseFileName));
                file = new RecordedFile(isLog ? _logWritesFlow : null);
                _files.Add(path, file);
            }

            return file;
        }
    }

    Stream IDatabaseFiles.Open(string path) => new RecordedFileStream(File(path));

    void IDatabaseFiles.WaitingForWrites(Stream file) => _logWritesFlow.Set();

    void IDatabaseFiles.FlushToDisk(Stream file) => ((RecordedFileStream)file).File.FlushToDisk();

    private sealed class RecordedFile(ManualResetEventSlim? writesFlow)
    {
        private readonly MemoryStream _written = new();
        private byte[] _durable = [];

        public long Length
        {
            get
            {
                lock (_written)
                {
                    return _written.Length;
                }
            }
        }

        public byte[] Written()
        {
            lock (_written)
            {
                return _written.ToArray();
            }
        }

        public byte[] Durable()
        {
            lock (_written)
            {
                return (byte[])_durable.Clone();
            }
        }

        public bool DurableHolds(byte[] bytes)
        {
            lock (_written)
            {
                return _durable.AsSpan().IndexOf(bytes) >= 0;
            }
        }

        public void FlushToDisk()
        {
            lock (_written)
            {
                _durable = _written.ToArray();
            }
        }

        public int Read(long position, Span<byte> buffer)
        {
            lock (_written)
            {
                _written.Position = position;
                return _written.Read(buffer);
            }
        }

        public void Write(long position, ReadOnlySpan<byte> bytes)
        {
            if (writesFlow is not null && !writesFlow.Wait(HeldWriteLimit))
            {
                throw new IOException("A held log write was never waited for.");
            }

            lock (_written)
            {
                _written.Position = position;
                _written.Write(bytes);
            }
        }

        public void SetLength(long length)
        {
            lock (_written)
            {
                _written.SetLength(length);
            }
        }
    }

    private sealed class RecordedFileStream(RecordedFile file) : Stream
    {
        private long _position;

        public RecordedFile File => file;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => file.Length;

        public override long Position
        {
            get => _position;
            set => _position = value;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = file.Read(_position, buffer.AsSpan(offset, count));
            _position += read;
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            file.Write(_position, buffer.AsSpan(offset, count));
            _position += count;
        }

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => file.Length + offset,
        };

        public override void SetLength(long value) => file.SetLength(value);
    }
}
