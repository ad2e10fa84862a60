using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Archive;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Tests.Wiki;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Protocol.Titan;

namespace GeminiWiki.Domain.Tests.Files;

/// <summary>Files, archive and wiki routes over a real LiteDB file, through the dispatcher the server uses, mapped in the server's order.</summary>
public sealed class FileHarness : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly GeminiDispatcher<Visitor> _dispatcher;

    public FileHarness(WikiFileOptions? options = null, WikiOptions? wiki = null, IFileStore? store = null)
    {
        Pages = _temp.NewPageStore();
        LiteFiles = new LiteFileStore(_temp.Database, _temp.Time);
        LiteFiles.Initialize();
        Files = store ?? LiteFiles;
        Options = options ?? new WikiFileOptions();
        wiki ??= new WikiOptions();
        Routes = new FileRoutes(SpaceMount.Root, Files, Options, wiki.TitanToken, wiki.MaxNameLength, "en");
        ArchiveDirectory = Path.Combine(_temp.Directory, "archive");
        Archive = new ArchiveCache(Pages, Files, ArchiveDirectory, "wiki", _temp.Database.Space);
        var confirmations = new ActionTokens(Enumerable.Repeat((byte)42, 32).ToArray(), _temp.Time);
        _dispatcher = new GeminiDispatcher<Visitor>(
            [
                Routes,
                new ArchiveRoutes(SpaceMount.Root, Archive, Options.PublicArchive, _temp.Time),
                new WikiRoutes(Pages, new PageRenderCache(), wiki, "en", _temp.Time, otherChanges: [new FileChanges(Files)]),
            ],
            Gate,
            confirmations);
    }

    public LitePageStore Pages { get; }

    public LiteFileStore LiteFiles { get; }

    public IFileStore Files { get; }

    public FileRoutes Routes { get; }

    public ArchiveCache Archive { get; }

    public string ArchiveDirectory { get; }

    public WikiFileOptions Options { get; }

    public TestGate Gate { get; } = new();

    public TempDatabase Database => _temp;

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => _temp.Time;

    public Task<GeminiResponse> GetAsync(string pathAndQuery) => _dispatcher.HandleAsync(TestRequests.Gemini(pathAndQuery), CancellationToken.None).AsTask();

    public Task<GeminiResponse> UploadAsync(string path, byte[] content, string mime, string? token = null, RecordingBody? body = null) =>
        UploadAsync(path, content.Length, body ?? new RecordingBody(content), mime, token);

    public Task<GeminiResponse> UploadAsync(string path, long size, IRequestBody body, string mime, string? token = null)
    {
        var request = new GeminiRequest
        {
            Url = $"titan://localhost:1965{path};size={size}",
            Scheme = GeminiScheme.Titan,
            Host = "localhost",
            Port = 1965,
            Path = path,
            Titan = new TitanParameters(size, mime, token),
            Body = body,
        };
        return _dispatcher.HandleAsync(request, CancellationToken.None).AsTask();
    }

    public void Dispose() => _temp.Dispose();
}
