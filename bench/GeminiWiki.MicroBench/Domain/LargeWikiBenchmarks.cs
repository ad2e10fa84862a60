using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Search;
using GeminiWiki.Domain.Storage;

namespace GeminiWiki.MicroBench.Domain;

/// <summary>
/// Lookups that must stay fast as the wiki grows: full-text search and name match over 10,000
/// current pages (the store's real data, in a temp folder), and finding the account of a
/// certificate fingerprint among 10,000 accounts in LiteDB.
/// </summary>
[MemoryDiagnoser]
public class LargeWikiBenchmarks
{
    private const int PageCount = 10_000;
    private string _directory = string.Empty;
    private WikiDatabase? _database;
    private LitePageStore? _pages;
    private LiteAccountStore? _identities;
    private Fingerprint _known;
    private Fingerprint _unknown;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "geminiwiki-microbench-" + Guid.NewGuid().ToString("n"));
        _database = WikiDatabase.Open(_directory);
        _pages = new LitePageStore(_database, TimeProvider.System);
        _pages.Initialize();
        var identity = new IdentityDatabase(_database);
        identity.Initialize();
        _identities = new LiteAccountStore(identity);

        // Seeded in one transaction (the stores' writes nest in it): BenchmarkDotNet runs this set-up
        // in a fresh process for every benchmark, and 20,000 separately durable writes take minutes.
        _database.Write(_ => Seed());
        _unknown = Fingerprint.Of(RandomNumberGenerator.GetBytes(64));
    }

    private void Seed()
    {
        var author = new PageAuthor("bench", null);
        for (var i = 0; i < PageCount; i++)
        {
            var text = $"# Page {i}\n\nThis page talks about topic {i % 97} and links to => /page/Page{(i + 1) % PageCount}\n"
                + string.Concat(Enumerable.Repeat("Some ordinary words that fill a wiki page to a realistic size.\n", 12));
            _pages!.SaveAsync(PageName.Parse($"Page{i}"), text, PageFormat.Gemtext, author, CancellationToken.None).GetAwaiter().GetResult();
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        for (var i = 0; i < PageCount; i++)
        {
            using var certificate = new CertificateRequest($"CN=user{i}", key, HashAlgorithmName.SHA256)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            AccountName.TryCreate($"user{i}", out var name, out _);
            _identities!.Register(name, CertificateDetails.TryRead(certificate)!, DateTimeOffset.UtcNow);
            if (i == PageCount / 2)
            {
                _known = Fingerprint.Of(certificate);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public int SearchRareWord() => PageSearch.FullText(_pages!.AllPages(), "topic 42 and", 100).Count;

    [Benchmark]
    public int SearchCommonWord() => PageSearch.FullText(_pages!.AllPages(), "ordinary", 100).Count;

    [Benchmark]
    public int SearchMissingWord() => PageSearch.FullText(_pages!.AllPages(), "zyzzyva", 100).Count;

    [Benchmark]
    public int MatchNames() => PageSearch.NamesContaining(_pages!.AllPages(), "Page99").Count;

    [Benchmark]
    public Account? FindAccountByFingerprint() => _identities!.FindAccount(_known);

    [Benchmark]
    public Account? FindUnknownFingerprint() => _identities!.FindAccount(_unknown);
}
