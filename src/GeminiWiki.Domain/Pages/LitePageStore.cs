using System.Collections.Concurrent;
using System.Globalization;
using GeminiWiki.Domain.Rendering;
using GeminiWiki.Domain.Storage;
using LiteDB;

namespace GeminiWiki.Domain.Pages;

/// <summary>
/// Pages in the shared LiteDB database: a "revisions" collection that only ever grows, and a
/// "pages" collection holding each page's current state (text, revision, outgoing links) so the
/// index, search and backlinks never read history. The current states are also held in memory,
/// updated under the page's lock after each commit, so index and search never touch the disk.
/// </summary>
public sealed class LitePageStore : IPageStore, IStoreInitializer
{
    internal const string PagesCollection = "pages";
    internal const string RevisionsCollection = "revisions";

    // Revision texts live apart from revision metadata, so history, changes and the feed never load texts.
    internal const string RevisionTextsCollection = "revision_texts";

    // Saves to one page take the same stripe; different pages almost never share one.
    private const int LockStripes = 256;

    private readonly WikiDatabase _database;
    private readonly string _collectionPrefix;
    private readonly TimeProvider _time;
    private readonly RevisionDamage _damage;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, LockStripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly ConcurrentDictionary<string, CurrentPage> _current = new(StringComparer.Ordinal);
    private long _pagesVersion;
    private PagesSnapshot? _sortedPages;
    private volatile bool _initialized;

    /// <param name="collectionPrefix">
    /// Put in front of each collection's name, so each space keeps its pages apart in the one
    /// database ("" for the default space, whose collections keep their original names).
    /// </param>
    public LitePageStore(WikiDatabase database, TimeProvider time, RevisionDamage? damage = null, string collectionPrefix = "")
    {
        _database = database;
        _collectionPrefix = collectionPrefix;
        _time = time;
        _damage = damage ?? new RevisionDamage(time: time);
    }

    public bool IsEmpty
    {
        get
        {
            EnsureInitialized();
            return _current.IsEmpty;
        }
    }

    private ILiteCollection<BsonDocument> Pages => _database.Database.GetCollection(_collectionPrefix + PagesCollection);

    private ILiteCollection<BsonDocument> Revisions => _database.Database.GetCollection(_collectionPrefix + RevisionsCollection);

    private ILiteCollection<BsonDocument> RevisionTexts => _database.Database.GetCollection(_collectionPrefix + RevisionTextsCollection);

    public void Initialize()
    {
        Pages.EnsureIndex("links", "$.Links[*]");
        Revisions.EnsureIndex("ticks", "$.Ticks");
        if (!_database.Database.CollectionExists(_collectionPrefix + RevisionTextsCollection))
        {
            // This collection needs no index besides _id, and LiteDB has no "create collection":
            // a first write creates it here, on one thread, rather than in two racing saves.
            RevisionTexts.Insert(new BsonDocument { ["_id"] = "\u0000created" });
            RevisionTexts.Delete("\u0000created");
        }
        foreach (var document in Pages.FindAll())
        {
            var page = ToCurrentPage(document);
            _current[page.Name.Key] = page;
        }

        _initialized = true;
    }

    public CurrentPage? Find(PageName name)
    {
        EnsureInitialized();
        return _current.TryGetValue(name.Key, out var page) ? page : null;
    }

    public PageRevision? FindRevision(PageName name, int revision)
    {
        EnsureInitialized();
        var id = RevisionId(name.Key, revision);
        var document = Revisions.FindById(id);
        if (document is null)
        {
            return null;
        }

        return ToRevision(document, VerifiedText(PageName.FromStored(document["Name"].AsString), revision));
    }

    public IReadOnlyList<RevisionSummary> History(PageName name)
    {
        EnsureInitialized();
        // Revision ids are "<key>\n<number, 10 digits>", so one page's history is one ordered _id range.
        var range = Query.Between("_id", RevisionId(name.Key, 0), RevisionId(name.Key, int.MaxValue));
        return Revisions.Query().Where(range).OrderByDescending("_id").ToEnumerable().Select(ToSummary).ToList();
    }

    public IReadOnlyList<RevisionSummary> RecentChanges(int count)
    {
        EnsureInitialized();
        return Revisions.Query().OrderByDescending("$.Ticks").Limit(Math.Max(0, count)).ToEnumerable().Select(ToSummary).ToList();
    }

    public IReadOnlyList<CurrentPage> AllPages()
    {
        EnsureInitialized();
        // Sorting 10,000 pages on every index and search request was a large part of their cost;
        // the sorted list is kept until the next save changes it.
        // A snapshot is tagged with the version it was built from, so one built while a save ran is
        // never served after that save.
        var version = Volatile.Read(ref _pagesVersion);
        var snapshot = Volatile.Read(ref _sortedPages);
        if (snapshot is null || snapshot.Version != version)
        {
            snapshot = new PagesSnapshot(version,
                _current.Values.Where(p => !p.IsDeleted).OrderBy(p => p.Name.Key, StringComparer.Ordinal).ToArray());
            Volatile.Write(ref _sortedPages, snapshot);
        }

        return snapshot.Pages;
    }

    public IReadOnlyList<PageName> Backlinks(PageName name)
    {
        EnsureInitialized();
        var query = BsonExpression.Create("$.Links[*] ANY = @0", new BsonValue(name.Key));
        return Pages.Find(query)
            .Where(d => !d["Deleted"].AsBoolean)
            .Select(d => PageName.FromStored(d["Name"].AsString))
            .OrderBy(n => n.Key, StringComparer.Ordinal)
            .ToList();
    }

    public Task<SaveOutcome> SaveAsync(PageName name, string text, PageFormat format, PageAuthor author, CancellationToken cancellationToken) =>
        ChangeAsync(name, author, _ => new Change(NormalizeText(text), format, false), cancellationToken);

    public Task<SaveOutcome> SaveIfCurrentAsync(PageName name, string text, PageFormat format, PageAuthor author, int baseRevision, CancellationToken cancellationToken) =>
        ChangeAsync(name, author, current => current is null || current.Revision == baseRevision
            ? new Change(NormalizeText(text), format, false)
            : throw new StaleRevisionException(current, baseRevision), cancellationToken);

    public Task<SaveOutcome> AppendAsync(PageName name, string lines, PageAuthor author, CancellationToken cancellationToken) =>
        ChangeAsync(name, author, current =>
        {
            if (current is { IsDamaged: true })
            {
                // Appending to an empty stand-in would silently drop the page's text; a full save replaces it.
                throw new DamagedRevisionException(current.Name, current.Revision, "the current text failed its checksum when loaded");
            }

            var existing = current is { IsDeleted: false } ? current.Text : string.Empty;
            var format = current is { IsDeleted: false } ? current.Format : PageFormat.Gemtext;
            var addition = NormalizeText(lines).TrimEnd('\n');
            var separator = existing.Length == 0 || existing.EndsWith('\n') ? string.Empty : "\n";
            return new Change(existing + separator + addition + "\n", format, false);
        }, cancellationToken);

    public Task<SaveOutcome> DeleteAsync(PageName name, PageAuthor author, CancellationToken cancellationToken) =>
        ChangeAsync(name, author, _ => new Change(string.Empty, PageFormat.Gemtext, true), cancellationToken);

    /// <summary>Line endings become LF and a leading BOM goes, so an identical text is recognised as unchanged.</summary>
    public static string NormalizeText(string text)
    {
        var withoutBom = text.StartsWith('\uFEFF') ? text[1..] : text;
        return withoutBom.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    private async Task<SaveOutcome> ChangeAsync(PageName name, PageAuthor author, Func<CurrentPage?, Change> decide, CancellationToken cancellationToken)
    {
        EnsureInitialized();
        var stripe = _stripes[(StringComparer.Ordinal.GetHashCode(name.Key) & int.MaxValue) % LockStripes];
        long commit;
        SaveOutcome outcome;
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Everything below is synchronous: a LiteDB transaction belongs to its thread and must never span an await.
            _current.TryGetValue(name.Key, out var current);
            var change = decide(current);
            if (change.IsDeletion)
            {
                if (current is null || current.IsDeleted)
                {
                    return new SaveOutcome(SaveResult.NothingToDelete, current?.Revision ?? 0);
                }
            }
            else if (current is { IsDeleted: false } && current.Format == change.Format
                && string.Equals(current.Text, change.Text, StringComparison.Ordinal))
            {
                return new SaveOutcome(SaveResult.Unchanged, current.Revision);
            }

            var number = (current?.Revision ?? 0) + 1;
            var now = _time.GetUtcNow();
            // The page keeps the spelling it was created with: following a link written "home" must not rename "Home".
            name = current?.Name ?? name;
            var revision = new PageRevision(name, number, change.Text, change.Format, author, now, change.IsDeletion);
            var page = new CurrentPage(name, number, change.Text, change.Format, author, now, change.IsDeletion,
                change.IsDeletion ? [] : RenderedPage.Render(change.Text, change.Format).LinkKeys);

            // One transaction for revision, text and current page. The in-memory current page follows
            // as soon as the commit is in, so the next save numbers its revision after this one.
            (_, commit) = _database.WriteCommitted(
                _ =>
                {
                    Revisions.Insert(ToDocument(revision));
                    RevisionTexts.Insert(new BsonDocument
                    {
                        ["_id"] = RevisionId(name.Key, number),
                        ["Text"] = revision.Text,
                        ["Sha256"] = TextHash.Of(revision.Text),
                    });
                    Pages.Upsert(ToDocument(page));
                    return page;
                },
                committed =>
                {
                    _current[name.Key] = committed;
                    Interlocked.Increment(ref _pagesVersion);
                });

            outcome = new SaveOutcome(change.IsDeletion ? SaveResult.Deleted : SaveResult.Saved, number);
        }
        finally
        {
            stripe.Release();
        }

        // On disk before the client is told "saved". Waiting outside the page's lock lets the next
        // save of the same page commit meanwhile and share the checkpoint (group commit).
        _database.WaitDurable(commit);
        return outcome;
    }

    private void EnsureInitialized()
    {
        if (!_initialized)
        {
            throw new InvalidOperationException("The page store is used before Initialize() ran at start-up.");
        }
    }

    internal static string RevisionId(string key, int number) =>
        key + "\n" + number.ToString("D10", CultureInfo.InvariantCulture);

    private static string FormatName(PageFormat format) => format == PageFormat.Markdown ? "markdown" : "gemtext";

    private static PageFormat ParseFormat(BsonValue value) => value.AsString == "markdown" ? PageFormat.Markdown : PageFormat.Gemtext;

    private static BsonValue Nullable(string? value) => value is null ? BsonValue.Null : new BsonValue(value);

    private static DateTimeOffset FromTicks(BsonValue ticks) => new(ticks.AsInt64, TimeSpan.Zero);

    private static BsonDocument ToDocument(PageRevision revision) => new()
    {
        ["_id"] = RevisionId(revision.Name.Key, revision.Number),
        ["Key"] = revision.Name.Key,
        ["Name"] = revision.Name.Value,
        ["Number"] = revision.Number,
        ["Format"] = FormatName(revision.Format),
        ["Author"] = revision.Author.Label,
        ["Fingerprint"] = Nullable(revision.Author.Fingerprint),
        ["Ticks"] = revision.Time.UtcTicks,
        ["Size"] = revision.Size,
        ["Deleted"] = revision.IsDeletion,
    };

    private static BsonDocument ToDocument(CurrentPage page) => new()
    {
        ["_id"] = page.Name.Key,
        ["Name"] = page.Name.Value,
        // No text: it is in revision_texts already, and writing 10 KB twice per save was most of
        // a save's cost (LiteDB commits about 440 documents of 10 KB a second on these machines).
        ["Revision"] = page.Revision,
        ["Format"] = FormatName(page.Format),
        ["Author"] = page.Author.Label,
        ["Fingerprint"] = Nullable(page.Author.Fingerprint),
        ["Ticks"] = page.Updated.UtcTicks,
        ["Deleted"] = page.IsDeleted,
        ["Links"] = new BsonArray(page.LinkKeys.Select(k => new BsonValue(k))),
    };

    private static PageAuthor ToAuthor(BsonDocument document) =>
        new(document["Author"].AsString, document["Fingerprint"].IsNull ? null : document["Fingerprint"].AsString);

    private static PageRevision ToRevision(BsonDocument d, string text) =>
        new(PageName.FromStored(d["Name"].AsString), d["Number"].AsInt32, text, ParseFormat(d["Format"]),
            ToAuthor(d), FromTicks(d["Ticks"]), d["Deleted"].AsBoolean);

    private static RevisionSummary ToSummary(BsonDocument d) =>
        new(PageName.FromStored(d["Name"].AsString), d["Number"].AsInt32, ToAuthor(d), FromTicks(d["Ticks"]), d["Size"].AsInt32, d["Deleted"].AsBoolean);

    /// <summary>The current text lives once, with its revision; a damaged one is kept out of memory, search and index.</summary>
    private CurrentPage ToCurrentPage(BsonDocument d)
    {
        var name = PageName.FromStored(d["Name"].AsString);
        var revision = d["Revision"].AsInt32;
        string text;
        var damaged = false;
        try
        {
            text = VerifiedText(name, revision);
        }
        catch (DamagedRevisionException)
        {
            text = string.Empty;
            damaged = true;
        }

        return new CurrentPage(name, revision, text, ParseFormat(d["Format"]), ToAuthor(d), FromTicks(d["Ticks"]), d["Deleted"].AsBoolean,
            d["Links"].AsArray.Select(v => v.AsString).ToArray())
        {
            IsDamaged = damaged,
        };
    }

    /// <summary>
    /// A revision's text, checked against the SHA-256 stored with it. Texts saved before checksums
    /// existed have none and are returned unverified (`check` adds their checksums). Damage is
    /// reported to the admin and thrown, so it is never served as the page.
    /// </summary>
    private string VerifiedText(PageName name, int revision)
    {
        BsonDocument? document;
        try
        {
            document = RevisionTexts.FindById(RevisionId(name.Key, revision));
        }
        catch (LiteException ex)
        {
            throw Damaged(name, revision, "LiteDB cannot read it: " + ex.Message);
        }

        if (document is null || !document["Text"].IsString)
        {
            throw Damaged(name, revision, "the text is missing");
        }

        var text = document["Text"].AsString;
        if (document["Sha256"].IsString && !string.Equals(document["Sha256"].AsString, TextHash.Of(text), StringComparison.Ordinal))
        {
            throw Damaged(name, revision, "the text does not match its SHA-256");
        }

        return text;
    }

    private DamagedRevisionException Damaged(PageName name, int revision, string reason)
    {
        _damage.Report(name, revision, reason);
        return new DamagedRevisionException(name, revision, reason);
    }

    private sealed record Change(string Text, PageFormat Format, bool IsDeletion);

    private sealed record PagesSnapshot(long Version, CurrentPage[] Pages);
}
