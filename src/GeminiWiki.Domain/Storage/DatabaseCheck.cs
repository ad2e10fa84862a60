using System.Text;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Pages;
using LiteDB;

namespace GeminiWiki.Domain.Storage;

/// <summary>What <see cref="DatabaseCheck"/> found: counts of what it read, and each damaged thing by name.</summary>
public sealed record DatabaseCheckReport(
    int Pages,
    int Revisions,
    int Unverified,
    int HashesAdded,
    int Accounts,
    int Certificates,
    int AllowListEntries,
    IReadOnlyList<string> Damage)
{
    /// <summary>File revisions read against their checksums, in every space.</summary>
    public int FileRevisions { get; init; }

    public bool IsHealthy => Damage.Count == 0;

    public string Summary =>
        $"{Pages} pages, {Revisions} revisions ({Unverified} without a checksum{(HashesAdded > 0 ? $", {HashesAdded} checksums added" : string.Empty)}), "
        + $"{FileRevisions} file revisions, "
        + $"{Accounts} accounts, {Certificates} certificates, {AllowListEntries} allow-list entries";
}

/// <summary>
/// Reads everything a database holds that people rely on: every page, every revision and its text
/// (against its SHA-256), every account, certificate and allow-list entry. LiteDB pages carry no
/// checksums, so this is how silent damage is found. Whatever cannot be read or does not match is
/// named in the report; the check itself never stops at the first problem.
/// </summary>
public static class DatabaseCheck
{
    /// <param name="addMissingHashes">
    /// Store a checksum for revisions saved before checksums existed, so later reads verify them.
    /// Only for the live database with the server stopped; a backup being checked is never written.
    /// </param>
    public static DatabaseCheckReport Run(WikiDatabase database, bool addMissingHashes)
    {
        var db = database.Database;
        var damage = new List<string>();
        var unhashed = new List<(ILiteCollection<BsonDocument> Texts, string Id, string Text)>();
        int pages = 0, revisions = 0, unverified = 0, accounts = 0, certificates = 0, allowed = 0, fileRevisions = 0;
        var collections = db.GetCollectionNames().ToHashSet(StringComparer.OrdinalIgnoreCase);

        // The default space's collections, then each space's (see SpaceDefinition.CollectionPrefix).
        // A space is found by its pages or by its files, whichever it has.
        var filesRevisions = LiteFileStore.DefaultPrefix + "_revisions";
        var prefixes = db.GetCollectionNames()
            .Where(name => name.StartsWith("space_", StringComparison.Ordinal))
            .Select(name => name.EndsWith("_" + LitePageStore.PagesCollection, StringComparison.Ordinal) ? name[..^LitePageStore.PagesCollection.Length]
                : name.EndsWith("_" + filesRevisions, StringComparison.Ordinal) ? name[..^filesRevisions.Length]
                : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Prepend(string.Empty);
        foreach (var prefix in prefixes)
        {
            var where = prefix.Length == 0 ? string.Empty : $" in the space stored as '{prefix}*'";
            ReadAll(damage, prefix + LitePageStore.PagesCollection, () => db.GetCollection(prefix + LitePageStore.PagesCollection).FindAll(),
                page => $"page '{Text(page, "Name")}'{where}", page =>
            {
                _ = PageName.FromStored(page["Name"].AsString ?? throw new InvalidDataException("it has no name"));
                var revision = page["Revision"].AsInt32;
                if (db.GetCollection(prefix + LitePageStore.RevisionsCollection).FindById(LitePageStore.RevisionId(page["_id"].AsString, revision)) is null)
                {
                    throw new InvalidDataException($"its current revision {revision} is missing");
                }

                pages++;
            });

            var texts = db.GetCollection(prefix + LitePageStore.RevisionTextsCollection);
            ReadAll(damage, prefix + LitePageStore.RevisionsCollection, () => db.GetCollection(prefix + LitePageStore.RevisionsCollection).FindAll(),
                revision => $"revision {Text(revision, "Number")} of '{Text(revision, "Name")}'{where}", document =>
            {
                _ = document["Number"].AsInt32;
                _ = PageName.FromStored(document["Name"].AsString);
                _ = new DateTimeOffset(document["Ticks"].AsInt64, TimeSpan.Zero);
                revisions++;
                var text = texts.FindById(document["_id"]);
                if (text is null || !text["Text"].IsString)
                {
                    throw new InvalidDataException("its text is missing");
                }

                var value = text["Text"].AsString;
                if (text["Sha256"].IsString)
                {
                    if (!string.Equals(text["Sha256"].AsString, TextHash.Of(value), StringComparison.Ordinal))
                    {
                        throw new InvalidDataException("its text does not match its SHA-256");
                    }
                }
                else if (Encoding.UTF8.GetByteCount(value) != document["Size"].AsInt32)
                {
                    // Without a checksum, the recorded size is the one thing to compare against.
                    throw new InvalidDataException("its text has no checksum and not the size recorded for it");
                }
                else
                {
                    unverified++;
                    unhashed.Add((texts, document["_id"].AsString, value));
                }
            });

            fileRevisions += CheckFiles(database, prefix + LiteFileStore.DefaultPrefix, collections, where, damage);
        }

        var identity = new IdentityDatabase(database);
        ReadAll(damage, "accounts", () => identity.Accounts.FindAll(), account => $"account {account.Id} '{account.Name}'", account =>
        {
            _ = IdentityDatabase.ToAccount(account);
            accounts++;
        });
        ReadAll(damage, "certificates", () => identity.Certificates.FindAll(), certificate => $"certificate {certificate.Id}", certificate =>
        {
            _ = IdentityDatabase.ToCertificate(certificate);
            if (identity.Accounts.FindById(certificate.AccountId) is null)
            {
                throw new InvalidDataException($"its account {certificate.AccountId} is missing");
            }

            certificates++;
        });
        ReadAll(damage, "allowlist", () => identity.AllowList.FindAll(), entry => $"allow-list entry {entry.Id}", entry =>
        {
            _ = IdentityDatabase.ParseStored(entry.Id);
            allowed++;
        });

        var added = 0;
        if (addMissingHashes && unhashed.Count > 0)
        {
            database.Write(_ =>
            {
                foreach (var (texts, id, text) in unhashed)
                {
                    texts.Update(new BsonDocument { ["_id"] = id, ["Text"] = text, ["Sha256"] = TextHash.Of(text) });
                }
            });
            added = unhashed.Count;
        }

        return new DatabaseCheckReport(pages, revisions, unverified, added, accounts, certificates, allowed, damage) { FileRevisions = fileRevisions };
    }

    /// <summary>Every file revision of one space against its checksum; a space that never had a file has no collections to read (and gets none).</summary>
    private static int CheckFiles(WikiDatabase database, string filesPrefix, HashSet<string> collections, string where, List<string> damage)
    {
        if (!collections.Contains(filesPrefix + "_revisions"))
        {
            return 0;
        }

        try
        {
            var files = new LiteFileStore(database, TimeProvider.System, filesPrefix);
            files.Initialize();
            var (count, damaged) = files.VerifyAll(where);
            damage.AddRange(damaged);
            return count;
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            damage.Add($"collection '{filesPrefix}' cannot be read{where}: {ex.Message}");
            return 0;
        }
    }

    /// <summary>
    /// Reads one collection item by item; <paramref name="check"/> throws saying what is wrong with
    /// an item, and <paramref name="describe"/> names it in the report.
    /// </summary>
    private static void ReadAll<T>(List<string> damage, string collection, Func<IEnumerable<T>> items, Func<T, string> describe, Action<T> check)
    {
        IEnumerator<T> enumerator;
        try
        {
            enumerator = items().GetEnumerator();
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            damage.Add($"collection '{collection}' cannot be read: {ex.Message}");
            return;
        }

        using (enumerator)
        {
            var index = 0;
            while (true)
            {
                T item;
                try
                {
                    if (!enumerator.MoveNext())
                    {
                        return;
                    }

                    item = enumerator.Current;
                }
                catch (Exception ex) when (IsDamage(ex))
                {
                    // LiteDB cannot go on past a page it cannot read.
                    damage.Add($"collection '{collection}' cannot be read past item {index}: {ex.Message}");
                    return;
                }

                index++;
                try
                {
                    check(item);
                }
                catch (Exception ex) when (IsDamage(ex))
                {
                    damage.Add($"{Describe(describe, item, collection, index)}: {ex.Message}");
                }
            }
        }
    }

    private static string Describe<T>(Func<T, string> describe, T item, string collection, int index)
    {
        try
        {
            return describe(item);
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            return $"{collection} item {index}";
        }
    }

    private static string Text(BsonDocument document, string field) =>
        document[field].IsString ? document[field].AsString : document[field].ToString();

    // Whatever reading a damaged item throws: LiteDB's own errors, a field of the wrong type, a value
    // that no longer parses. Anything else is a bug and should not be reported as damage.
    private static bool IsDamage(Exception ex) =>
        ex is LiteException or InvalidDataException or InvalidCastException or FormatException or ArgumentException
            or NullReferenceException or KeyNotFoundException or IndexOutOfRangeException;
}
