using System.Security.Cryptography.X509Certificates;
using System.Text;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Protocol.Titan;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Domain.Tests.Spaces;

/// <summary>
/// A public wiki with spaces over one real LiteDB file, behind the real identity gate, through
/// the same routing the server builds: "docs" (public, on host docs.example), "team" (read by
/// registered accounts only, edited by admins).
/// </summary>
public sealed class SpacesHarness : IDisposable
{
    public static readonly IReadOnlyList<SpaceDefinition> Definitions =
    [
        new("docs", "Docs", "Start", Host: "docs.example"),
        new("team", "Team", "Home", Read: ReadPolicy.Registered, Edit: EditPolicy.Admins),
    ];

    private readonly TempDatabase _temp = new();
    private readonly IGeminiHandler _handler;

    public SpacesHarness()
    {
        var options = new WikiOptions { IndexPageSize = 3 };
        Gate = new IdentityAccessGate(_temp.Accounts, _temp.AllowList, _temp.Refusals, new FixedPolicy(), ClientTime, new SpacePolicies(Definitions));
        var defaultStore = _temp.NewPageStore();
        Spaces = WikiSpaces.Build(
            options,
            Definitions,
            new WikiPagesFeature(defaultStore, options, "en", _temp.Time, ownsStore: false),
            (space, spaceOptions) => new WikiPagesFeature(new LitePageStore(_temp.Database, _temp.Time, collectionPrefix: space.CollectionPrefix), spaceOptions, "en", _temp.Time),
            [new WikiFilesFeatureFactory(_temp.Database, _temp.Time, new RevisionDamage(time: _temp.Time), new WikiFileOptions(), "en", Path.Combine(_temp.Directory, "archive"))]);
        Spaces.Initialize();
        var confirmations = new ActionTokens(Enumerable.Repeat((byte)7, 32).ToArray(), _temp.Time);
        _handler = SpaceHostRouting.Build([new SpaceListRoutes(Spaces, Gate, 50, "en"), Spaces.RoutesAtPaths()], Spaces, Gate, confirmations);
    }

    /// <summary>Certificates are checked against the real clock; page times come from the database's fake one.</summary>
    public FakeTimeProvider ClientTime { get; } = new(DateTimeOffset.UtcNow);

    public FakeTimeProvider Time => _temp.Time;

    public IdentityAccessGate Gate { get; }

    public WikiSpaces Spaces { get; }

    public TempDatabase Database => _temp;

    public IPageStore Store(string space) => Spaces.All.Single(s => s.Name == space).Pages;

    public LiteFileStore Files(string space) => Spaces.All.Single(s => s.Name == space).Features.OfType<WikiFilesFeature>().Single().Store;

    public Task Save(string space, string page, string text, string author = "alice") =>
        Store(space).SaveAsync(PageName.Parse(page), text, PageFormat.Gemtext, new PageAuthor(author, null), CancellationToken.None);

    public void Register(X509Certificate2 certificate, string name)
    {
        AccountName.TryCreate(name, out var accountName, out _);
        _temp.Accounts.Register(accountName, CertificateDetails.TryRead(certificate)!, ClientTime.GetUtcNow());
    }

    public Task<GeminiResponse> GetAsync(string pathAndQuery, X509Certificate2? certificate = null, string host = "localhost")
    {
        var request = TestRequests.Gemini(pathAndQuery);
        return DispatchAsync(new GeminiRequest
        {
            Url = request.Url.Replace("//localhost:", "//" + host + ":", StringComparison.Ordinal),
            Scheme = request.Scheme,
            Host = host,
            Port = request.Port,
            Path = request.Path,
            Query = request.Query,
            Client = certificate is null ? null : ClientCertificate.From(certificate),
        });
    }

    public Task<GeminiResponse> UploadAsync(string path, string text, X509Certificate2 certificate, string host = "localhost") =>
        UploadAsync(path, Encoding.UTF8.GetBytes(text), "text/gemini", certificate, host);

    public Task<GeminiResponse> UploadAsync(string path, byte[] bytes, string mime, X509Certificate2? certificate, string host = "localhost")
    {
        return DispatchAsync(new GeminiRequest
        {
            Url = $"titan://{host}:1965{path};size={bytes.Length}",
            Scheme = GeminiScheme.Titan,
            Host = host,
            Port = 1965,
            Path = path,
            Titan = new TitanParameters(bytes.Length, mime, null),
            Body = new Wiki.RecordingBody(bytes),
            Client = certificate is null ? null : ClientCertificate.From(certificate),
        });
    }

    public static string Body(GeminiResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    private async Task<GeminiResponse> DispatchAsync(GeminiRequest request) => await _handler.HandleAsync(request, CancellationToken.None);

    public void Dispose() => _temp.Dispose();

    private sealed class FixedPolicy : IAccessPolicySource
    {
        public AccessPolicy Current { get; } = AccessPolicy.Default;
    }
}
