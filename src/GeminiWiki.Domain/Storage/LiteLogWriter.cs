using System.Reflection;
using LiteDB.Engine;
using Microsoft.Win32.SafeHandles;

namespace GeminiWiki.Domain.Storage;

/// <summary>
/// LiteDB 5.0.20's log writer, seen from outside. A commit hands its pages to the engine's
/// <c>DiskWriterQueue</c> and may return before they are written; the queue writes them to the log
/// file (on the committing thread or on its own task, whichever woke it) and then sets its "queue is
/// empty" event. Once that event is seen set after a commit, every page of that commit is in the
/// operating system (the log file is unbuffered: <see cref="DatabaseFileStream"/>), so it survives
/// the process dying; an fsync of the log file after that makes it survive power loss too. LiteDB
/// has no public way to wait for its queue, so the event is reached through the engine's private
/// fields, found once at open; if this LiteDB is built differently, <see cref="TryAttach"/> says so
/// and the database falls back to a checkpoint per durable write.
/// </summary>
internal sealed class LiteLogWriter
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    // A writer that died keeps its queue non-empty for good: the wait looks at its error this often.
    private static readonly TimeSpan WriterCheckInterval = TimeSpan.FromMilliseconds(200);

    private readonly object _queueHolder;
    private readonly PropertyInfo _queueValue;
    private readonly FieldInfo _queueIsEmpty;
    private readonly FieldInfo _queueError;
    private readonly SafeFileHandle _log;

    private LiteLogWriter(object queueHolder, PropertyInfo queueValue, FieldInfo queueIsEmpty, FieldInfo queueError, SafeFileHandle log)
    {
        _queueHolder = queueHolder;
        _queueValue = queueValue;
        _queueIsEmpty = queueIsEmpty;
        _queueError = queueError;
        _log = log;
    }

    /// <summary>The log file LiteDB 5 keeps beside <paramref name="databasePath"/>: "name-log.ext".</summary>
    public static string LogPathOf(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(databasePath) ?? ".", Path.GetFileNameWithoutExtension(databasePath) + "-log" + Path.GetExtension(databasePath));

    /// <summary>The writer of <paramref name="engine"/>'s log, or null when the engine is not the one this was written against.</summary>
    public static LiteLogWriter? TryAttach(LiteEngine engine, SafeFileHandle log)
    {
        var disk = typeof(LiteEngine).GetField("_disk", Private)?.GetValue(engine);
        // A Lazy<DiskWriterQueue>: its value is only asked for after a commit, which has created it.
        var holder = disk?.GetType().GetField("_queue", Private)?.GetValue(disk);
        var value = holder?.GetType().GetProperty("Value");
        var queueType = value?.PropertyType;
        var isEmpty = queueType?.GetField("_queueIsEmpty", Private);
        var error = queueType?.GetField("_exception", Private);
        if (holder is null || value is null || isEmpty?.FieldType != typeof(ManualResetEventSlim) || error?.FieldType != typeof(Exception))
        {
            return null;
        }

        return new LiteLogWriter(holder, value, isEmpty, error, log);
    }

    /// <summary>
    /// Returns once every page committed before the call is written to the log file and the file
    /// is flushed to disk. Call it outside any LiteDB transaction; concurrent callers are fine.
    /// </summary>
    public void WaitDurable()
    {
        var queue = _queueValue.GetValue(_queueHolder)!;
        var isEmpty = (ManualResetEventSlim)_queueIsEmpty.GetValue(queue)!;
        while (!isEmpty.Wait(WriterCheckInterval))
        {
            if (_queueError.GetValue(queue) is Exception error)
            {
                throw new IOException($"The database log writer failed, so a save could not be made durable: {error.Message}", error);
            }
        }

        RandomAccess.FlushToDisk(_log);
    }
}
