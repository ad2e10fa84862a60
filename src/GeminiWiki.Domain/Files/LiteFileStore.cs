using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using LiteDB;

namespace GeminiWiki.Domain.Files;

/// <summary>
/// Files in the shared LiteDB database, under collection names of their own so that one store per
/// space can live beside the others: "&lt;prefix&gt;" holds each file's current state,
/// "&lt;prefix&gt;_revisions" every revision's metadata (type, size, SHA-256, author, time), and
/// LiteDB's file storage ("&lt;prefix&gt;_content" and "&lt;prefix&gt;_chunks") the bytes of each
/// revision, in chunks, so a large upload is never copied into one second buffer on its way in.
/// Current states are also held in memory; the content is read only when a file is served.
/// </summary>
public sealed class LiteFileStore : IFileStore, IStoreInitializer
{
    public const string DefaultPrefix = "files";

    private readonly WikiDatabase _database;
    private readonly TimeProvider _time;
    private readonly RevisionDamage _damage;
    private readonly string _prefix;

    // Uploads are rare next to page views; one lock keeps revision numbers in order without stripes.
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly ConcurrentDictionary<string, StoredFile> _current = new(StringComparer.Ordinal);
    private long _version;
    private FilesSnapshot? _sorted;
    private volatile bool _initialized;

    public LiteFileStore(WikiDatabase database, TimeProvider time, string collectionPrefix = DefaultPrefix, RevisionDamage? damage = null)
    {
        if (collectionPrefix.Length == 0 || !collectionPrefix.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"A collection prefix is ASCII letters, digits and '_', not '{collectionPrefix}'.", nameof(collectionPrefix));
        }

        _database = database;
        _time = time;
        _prefix = collectionPrefix;
        _damage = damage ?? new RevisionDamage(time: time);
    }

    public long Version => Volatile.Read(ref _version);

    private ILiteCollection<BsonDocument> Current => _database.Database.GetCollection(_prefix);

    private ILiteCollection<BsonDocument> Revisions => _database.Database.GetCollection(_prefix + "_revisions");

    private ILiteStorage<string> Content => _database.Database.GetStorage<string>(_prefix + "_content", _prefix + "_chunks");

    public void Initialize()
    {
        Revisions.EnsureIndex("ticks", "$.Ticks");
        // LiteDB has no "create collection": an index creates each collection here, on the one
        // start-up thread, rather than on first use by a request.
        _database.Database.GetCollection(_prefix + "_content").EnsureIndex("filename", "$.filename");
        _database.Database.GetCollection(_prefix + "_chunks").EnsureIndex("_id");
        foreach (var document in Current.FindAll())
        {
            var file = ToStoredFile(document, "Revision");
            _current[file.Name.Key] = file;
        }

        _initialized = true;
    }

    public StoredFile? Find(FileName name)
    {
        EnsureInitialized();
        return _current.TryGetValue(name.Key, out var file) ? file : null;
    }

    public IReadOnlyList<StoredFile> AllFiles()
    {
        EnsureInitialized();
        var version = Version;
        var snapshot = Volatile.Read(ref _sorted);
        if (snapshot is null || snapshot.Version != version)
        {
            snapshot = new FilesSnapshot(version,
                _current.Values.Where(f => !f.IsDeleted).OrderBy(f => f.Name.Key, StringComparer.Ordinal).ToArray());
            Volatile.Write(ref _sorted, snapshot);
        }

        return snapshot.Files;
    }

    public IReadOnlyList<StoredFile> History(FileName name)
    {
        EnsureInitialized();
        // Ids are "<key>\n<number, 10 digits>", so one file's history is one ordered _id range.
        var range = Query.Between("_id", RevisionId(name.Key, 0), RevisionId(name.Key, int.MaxValue));
        return Revisions.Query().Where(range).OrderByDescending("_id").ToEnumerable().Select(d => ToStoredFile(d, "Number")).ToList();
    }

    public IReadOnlyList<StoredFile> RecentChanges(int count)
    {
        EnsureInitialized();
        return Revisions.Query().OrderByDescending("$.Ticks").Limit(Math.Max(0, count)).ToEnumerable().Select(d => ToStoredFile(d, "Number")).ToList();
    }

    public FileContent? ReadContent(FileName name, int revision)
    {
        EnsureInitialized();
        var id = RevisionId(name.Key, revision);
        var metadata = Revisions.FindById(id);
        if (metadata is null || metadata["Deleted"].AsBoolean)
        {
            return null;
        }

        var stored = FileName.FromStored(metadata["Name"].AsString);
        byte[] content;
        try
        {
            var info = Content.FindById(id);
            if (info is null)
            {
                throw Damaged(stored, revision, "the content is missing");
            }

            if (info.Length != metadata["Size"].AsInt64)
            {
                throw Damaged(stored, revision, $"{info.Length} bytes are stored where {metadata["Size"].AsInt64} were uploaded");
            }

            content = new byte[info.Length];
            using var stream = info.OpenRead();
            stream.ReadExactly(content);
        }
        catch (Exception ex) when (ex is LiteException or EndOfStreamException)
        {
            throw Damaged(stored, revision, "LiteDB cannot read it: " + ex.Message);
        }

        if (!string.Equals(metadata["Sha256"].AsString, Hash(content), StringComparison.Ordinal))
        {
            throw Damaged(stored, revision, "the content does not match its SHA-256");
        }

        return new FileContent(ToStoredFile(metadata, "Number"), content);
    }

    /// <summary>
    /// Reads every revision's content against its checksum, for `check`: returns how many revisions
    /// were read and each damaged one in words ("revision 2 of file 'cat.png': …").
    /// </summary>
    /// <param name="where">Words after the file's name that say where it is (" in the space stored as …").</param>
    public (int Revisions, IReadOnlyList<string> Damage) VerifyAll(string where = "")
    {
        EnsureInitialized();
        var damage = new List<string>();
        var count = 0;
        foreach (var revision in Revisions.FindAll().Select(d => ToStoredFile(d, "Number")).ToList())
        {
            count++;
            try
            {
                _ = ReadContent(revision.Name, revision.Revision);
            }
            catch (DamagedFileException ex)
            {
                damage.Add($"revision {ex.Revision} of file '{ex.Name.Value}'{where}: {ex.Reason}");
            }
        }

        return (count, damage);
    }

    public Task<SaveOutcome> SaveAsync(FileName name, ReadOnlyMemory<byte> content, string mediaType, PageAuthor author, CancellationToken cancellationToken) =>
        ChangeAsync(name, author, content, mediaType, cancellationToken);

    public Task<SaveOutcome> DeleteAsync(FileName name, PageAuthor author, CancellationToken cancellationToken) =>
        ChangeAsync(name, author, content: null, mediaType: string.Empty, cancellationToken);

    private async Task<SaveOutcome> ChangeAsync(FileName name, PageAuthor author, ReadOnlyMemory<byte>? content, string mediaType, CancellationToken cancellationToken)
    {
        EnsureInitialized();
        var hash = content is { } bytes ? Hash(bytes.Span) : string.Empty;
        long commit;
        SaveOutcome outcome;
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Synchronous from here: a LiteDB transaction belongs to its thread and must never span an await.
            _current.TryGetValue(name.Key, out var current);
            if (content is null)
            {
                if (current is null || current.IsDeleted)
                {
                    return new SaveOutcome(SaveResult.NothingToDelete, current?.Revision ?? 0);
                }
            }
            else if (current is { IsDeleted: false } && current.MediaType == mediaType
                && Revisions.FindById(RevisionId(name.Key, current.Revision)) is { } latest
                && string.Equals(latest["Sha256"].AsString, hash, StringComparison.Ordinal))
            {
                return new SaveOutcome(SaveResult.Unchanged, current.Revision);
            }

            var number = (current?.Revision ?? 0) + 1;
            // The file keeps the spelling it was first uploaded with, as pages do.
            name = current?.Name ?? name;
            var id = RevisionId(name.Key, number);
            var file = new StoredFile(name, number, content is null ? current!.MediaType : mediaType, content?.Length ?? 0, author, _time.GetUtcNow(), content is null);

            (_, commit) = _database.WriteCommitted(
                _ =>
                {
                    var revision = ToDocument(file, id, "Number");
                    revision["Key"] = name.Key;
                    revision["Sha256"] = hash;
                    Revisions.Insert(revision);
                    if (content is { } body)
                    {
                        // The upload's own buffer, wrapped: LiteDB copies it chunk by chunk into the database.
                        using var stream = MemoryMarshal.TryGetArray(body, out var segment)
                            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                            : new MemoryStream(body.ToArray(), writable: false);
                        Content.Upload(id, name.Value, stream);
                    }

                    var state = ToDocument(file, name.Key, "Revision");
                    Current.Upsert(state);
                    return file;
                },
                committed =>
                {
                    _current[name.Key] = committed;
                    Interlocked.Increment(ref _version);
                });

            outcome = new SaveOutcome(content is null ? SaveResult.Deleted : SaveResult.Saved, number);
        }
        finally
        {
            _writes.Release();
        }

        // On disk before the uploader is told it is saved; outside the lock, so the next upload can commit meanwhile.
        _database.WaitDurable(commit);
        return outcome;
    }

    private void EnsureInitialized()
    {
        if (!_initialized)
        {
            throw new InvalidOperationException("The file store is used before Initialize() ran at start-up.");
        }
    }

    private static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static string RevisionId(string key, int number) =>
        key + "\n" + number.ToString("D10", CultureInfo.InvariantCulture);

    private static BsonDocument ToDocument(StoredFile file, string id, string revisionField) => new()
    {
        ["_id"] = id,
        ["Name"] = file.Name.Value,
        [revisionField] = file.Revision,
        ["Type"] = file.MediaType,
        ["Size"] = file.Size,
        ["Author"] = file.Author.Label,
        ["Fingerprint"] = file.Author.Fingerprint is { } fingerprint ? new BsonValue(fingerprint) : BsonValue.Null,
        ["Ticks"] = file.Time.UtcTicks,
        ["Deleted"] = file.IsDeleted,
    };

    private static StoredFile ToStoredFile(BsonDocument d, string revisionField) => new(
        FileName.FromStored(d["Name"].AsString),
        d[revisionField].AsInt32,
        d["Type"].AsString,
        d["Size"].AsInt64,
        new PageAuthor(d["Author"].AsString, d["Fingerprint"].IsNull ? null : d["Fingerprint"].AsString),
        new DateTimeOffset(d["Ticks"].AsInt64, TimeSpan.Zero),
        d["Deleted"].AsBoolean);

    private DamagedFileException Damaged(FileName name, int revision, string reason)
    {
        // Listed with the damaged page revisions on /admin; "file" in the reason tells them apart.
        _damage.Report(PageName.FromStored(name.Value), revision, "file content: " + reason);
        return new DamagedFileException(name, revision, reason);
    }

    private sealed record FilesSnapshot(long Version, StoredFile[] Files);
}
