using System.Globalization;
using LiteDB;
using LiteDB.Engine;

namespace GeminiWiki.Domain.Storage;

/// <summary>
/// The one LiteDB database of a data folder, shared by every store. It holds an exclusive lock
/// file so a second process (a second server, or the command line while the server runs) cannot
/// open the same database and corrupt it.
/// </summary>
public sealed class WikiDatabase : IDisposable
{
    public const string DatabaseFileName = "geminiwiki.db";
    public const string LockFileName = "geminiwiki.lock";

    private readonly DataFolderLock? _lock;
    private readonly Lock _checkpointGate = new();
    private readonly LiteLogWriter? _logWriter;

    // Writers share it; a backup takes it alone, so no commit lands while the file is copied.
    private readonly ReaderWriterLockSlim _writeGate = new(LockRecursionPolicy.SupportsRecursion);
    private long _lastCommit;
    private long _durableCommit;

    /// <summary>How many waits for the disk durability has cost so far, each shared by the commits before it (tests and diagnostics).</summary>
    internal long Flushes { get; private set; }

    /// <summary>True when durable writes wait for LiteDB's log writer and an fsync; false when each takes a checkpoint.</summary>
    internal bool FlushesLog => _logWriter is not null;

    private WikiDatabase(LiteDatabase database, DataFolderLock? lockFile, string? path, LiteLogWriter? logWriter = null)
    {
        // Dates come back as UTC, as they were written; LiteDB's default turns them into local time.
        database.UtcDate = true;
        Database = database;
        _lock = lockFile;
        FilePath = path;
        _logWriter = logWriter;
    }

    public LiteDatabase Database { get; }

    /// <summary>The free-space guard every durable write passes first.</summary>
    public DiskSpace Space { get; private init; } = DiskSpace.Unlimited;

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? FilePath { get; }

    /// <summary>
    /// Opens (creating if needed) the database in <paramref name="dataDirectory"/>. Throws
    /// <see cref="DatabaseLockedException"/> when another process holds it and
    /// <see cref="DatabaseDamagedException"/> when the file is empty or cannot be read: a new,
    /// empty wiki is never started over a file that held one.
    /// </summary>
    public static WikiDatabase Open(string dataDirectory, long reserveBytes = DefaultReserveBytes) =>
        Open(dataDirectory, DiskSpace.For(dataDirectory, reserveBytes));

    /// <summary>The free space a data folder keeps by default: far more than any one save needs.</summary>
    public const long DefaultReserveBytes = 64L * 1024 * 1024;

    /// <inheritdoc cref="Open(string, long)"/>
    public static WikiDatabase Open(string dataDirectory, DiskSpace space)
    {
        var lockFile = DataFolderLock.Take(dataDirectory);
        var path = lockFile.DatabasePath;
        var existed = File.Exists(path);
        try
        {
            // Checked before LiteDB opens the file: it would format an empty file as a new wiki
            // and cut a file of the wrong length to whole pages, changing what it then reports.
            if (existed && CheckBeforeOpening(path) is { } problem)
            {
                throw new DatabaseDamagedException(path, problem);
            }

            // The files are opened here rather than by LiteDB so that the log is not fsynced page by
            // page inside each commit (see DatabaseFileStream); LiteDB disposes them when it closes.
            var data = DatabaseFileStream.Open(path, fsyncOnFlush: true);
            var log = DatabaseFileStream.Open(LiteLogWriter.LogPathOf(path), fsyncOnFlush: false);
            LiteEngine engine;
            try
            {
                engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = log, Collation = DatabaseCollation });
            }
            catch
            {
                data.Dispose();
                log.Dispose();
                throw;
            }

            var database = new LiteDatabase(engine);
            try
            {
                // Reading the catalogue touches the header and the collection pages: a damaged
                // file fails here, at start-up, rather than on some later request.
                _ = database.GetCollectionNames().ToList();
            }
            catch
            {
                database.Dispose();
                throw;
            }

            return new WikiDatabase(database, lockFile, path, LiteLogWriter.TryAttach(engine, log.File.SafeFileHandle)) { Space = space };
        }
        catch (Exception ex) when (existed && ex is not (DatabaseDamagedException or UnauthorizedAccessException or OutOfMemoryException))
        {
            // LiteDB reports a damaged file with whatever its reader trips over (LiteException,
            // ArgumentOutOfRangeException for a garbage date, InvalidCastException, ...).
            lockFile.Dispose();
            throw new DatabaseDamagedException(path, ex.Message, ex);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    private const int PageSize = 8192;
    private static readonly byte[] HeaderMark = "** This is a LiteDB file **"u8.ToArray();
    private const int HeaderMarkOffset = 32;

    /// <summary>Why an existing file cannot be a LiteDB 5 database, judged without changing it; null when it may be.</summary>
    private static string? CheckBeforeOpening(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length == 0)
        {
            return "the file is empty (0 bytes)";
        }

        if (file.Length % PageSize != 0)
        {
            return $"its length, {file.Length} bytes, is not a whole number of {PageSize}-byte pages";
        }

        var header = new byte[HeaderMarkOffset + HeaderMark.Length];
        file.ReadExactly(header);
        return header.AsSpan(HeaderMarkOffset).SequenceEqual(HeaderMark) ? null : "its first page is not a LiteDB header";
    }

    /// <summary>
    /// Opens a database file read-only and without the data folder's lock: a backup being checked
    /// before it is restored. Nothing is written to it, not even an index.
    /// </summary>
    public static WikiDatabase OpenReadOnly(string file)
    {
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"There is no database file '{file}'.", file);
        }

        var database = new LiteDatabase(new ConnectionString
        {
            Filename = file,
            Connection = ConnectionType.Direct,
            ReadOnly = true,
            Collation = DatabaseCollation,
        });
        return new WikiDatabase(database, null, file);
    }

    /// <summary>An in-memory database for tests.</summary>
    public static WikiDatabase InMemory() =>
        new(new LiteDatabase(new ConnectionString { Filename = ":memory:", Collation = DatabaseCollation }), null, null);

    /// <summary>
    /// Ordinal comparison under the invariant culture: index order and equality never depend on the
    /// machine's locale. Case-insensitive lookups (account names) use a stored normalised key.
    /// </summary>
    public static Collation DatabaseCollation { get; } = new(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);

    /// <summary>
    /// Runs <paramref name="write"/> as one transaction and makes it durable before returning, so a
    /// caller may acknowledge it to a client. LiteDB 5.0.20's Commit hands the transaction's pages
    /// to its log writer and may return before they are written (a copy of the files taken right
    /// after Commit does not open with the write in it: PageDurabilityTests). Durable here means:
    /// every page of the commit written to the log file and the log file fsynced (see
    /// <see cref="LiteLogWriter"/>); LiteDB replays confirmed log pages when it opens the file.
    /// Never call this across an await.
    /// </summary>
    public T Write<T>(Func<LiteDatabase, T> write)
    {
        var (result, commit) = WriteCommitted(write);
        WaitDurable(commit);
        return result;
    }

    /// <inheritdoc cref="Write{T}(Func{LiteDatabase, T})"/>
    public void Write(Action<LiteDatabase> write) => Write(db =>
    {
        write(db);
        return true;
    });

    /// <summary>
    /// The first half of <see cref="Write{T}"/>: commits and returns the commit's number without
    /// waiting for the disk. A caller holding a lock (one page's) releases it and then calls
    /// <see cref="WaitDurable"/> before acknowledging, so the next writer can commit meanwhile and
    /// one checkpoint covers them both (group commit). A nested call (a transaction already open on
    /// this thread) returns 0: the outer write makes it durable.
    /// </summary>
    /// <param name="afterCommit">
    /// Runs once the transaction is committed, for state kept beside the database (a cache) that
    /// must follow every committed write even if making it durable then fails.
    /// </param>
    public (T Result, long Commit) WriteCommitted<T>(Func<LiteDatabase, T> write, Action<T>? afterCommit = null)
    {
        // Before anything is changed: a refused write leaves no trace, in the file or in memory.
        Space.EnsureRoomToWrite();
        _writeGate.EnterReadLock();
        try
        {
            var ownsTransaction = Database.BeginTrans();
            T result;
            try
            {
                result = write(Database);
                if (ownsTransaction)
                {
                    Database.Commit();
                }
            }
            catch
            {
                if (ownsTransaction)
                {
                    Database.Rollback();
                }

                throw;
            }

            // Numbered after Commit returned: a checkpoint that starts later covers this commit.
            var commit = ownsTransaction ? Interlocked.Increment(ref _lastCommit) : 0;
            afterCommit?.Invoke(result);
            return (result, commit);
        }
        finally
        {
            _writeGate.ExitReadLock();
        }
    }

    /// <summary>
    /// Returns once commit number <paramref name="commit"/> is on disk, flushing unless a flush that
    /// started after that commit has already finished. Writers arriving while a flush runs wait for
    /// it and then share the next one (group commit). The flush is a wait for LiteDB's log writer
    /// and one fsync of the log file; without access to the writer (another LiteDB build) it is a
    /// checkpoint, which copies the log into the data file and fsyncs that.
    /// </summary>
    public void WaitDurable(long commit)
    {
        if (commit <= Volatile.Read(ref _durableCommit))
        {
            return;
        }

        lock (_checkpointGate)
        {
            if (commit <= _durableCommit)
            {
                return;
            }

            // Numbered after their Commit returned, so every commit up to here has handed its pages
            // to the log writer: the flush below covers them all.
            var covered = Volatile.Read(ref _lastCommit);
            if (_logWriter is { } log)
            {
                log.WaitDurable();
            }
            else
            {
                Database.Checkpoint();
            }

            Flushes++;
            Volatile.Write(ref _durableCommit, covered);
        }
    }

    /// <summary>
    /// Writes a consistent copy of the database to <paramref name="destination"/> while it stays in
    /// use, and returns its size in bytes. No commit can start meanwhile: the checkpoint moves every
    /// committed write from LiteDB's log into the data file, so the data file alone is the whole
    /// database until the gate opens again. The copy goes to a temporary file, is flushed to disk
    /// and then renamed over the destination, so a crash never leaves half a backup under its name.
    /// Writers wait for the copy; reads go on.
    /// </summary>
    public long BackupTo(string destination)
    {
        var source = FilePath ?? throw new InvalidOperationException("An in-memory database has no file to back up.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, "." + Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            _writeGate.EnterWriteLock();
            try
            {
                lock (_checkpointGate)
                {
                    // The data file alone is the whole database once the log is copied into it.
                    Database.Checkpoint();
                    using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                    input.CopyTo(output);
                    output.Flush(flushToDisk: true);
                }
            }
            finally
            {
                _writeGate.ExitWriteLock();
            }

            File.Move(temporary, destination, overwrite: true);
            return new FileInfo(destination).Length;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public void Dispose()
    {
        Database.Dispose();
        if (_lock is not null && FilePath is not null)
        {
            // LiteDB deletes an empty log it opened itself; this one it was handed.
            var log = new FileInfo(LiteLogWriter.LogPathOf(FilePath));
            if (log.Exists && log.Length == 0)
            {
                log.Delete();
            }
        }

        _lock?.Dispose();
        _writeGate.Dispose();
    }
}

/// <summary>Another process (a second server, or the admin command line) holds the database.</summary>
public sealed class DatabaseLockedException(string path, Exception inner)
    : IOException($"The database {path} is in use by another process: another GeminiWiki server or the admin command line is using it.", inner)
{
    public string FilePath { get; } = path;
}

/// <summary>The database file is empty or cannot be read; nothing was written to it.</summary>
public sealed class DatabaseDamagedException(string path, string reason, Exception? inner = null)
    : IOException($"The database {path} is damaged ({reason}). Nothing was changed. Restore the newest backup with `geminiwiki restore <backup file>` (scheduled backups are in Storage:BackupDirectory); the server will not start a new, empty wiki over it.", inner)
{
    public string FilePath { get; } = path;
}
