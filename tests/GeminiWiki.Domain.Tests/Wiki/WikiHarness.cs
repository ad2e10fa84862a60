using System.Text;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Tests.Pages;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Protocol.Titan;

namespace GeminiWiki.Domain.Tests.Wiki;

/// <summary>A gate whose decisions the test sets: who is editing, or what to refuse.</summary>
public sealed class TestGate : IAccessGate
{
    public Visitor Editor { get; set; } = new(Fingerprint.FromHash(new byte[32]), "alice", false);

    public GeminiResponse? EditRefusal { get; set; }

    public GeminiResponse? ReadRefusal { get; set; }

    public AccessResult CheckRead(GeminiRequest request) => new(Visitor.Anonymous, ReadRefusal);

    public AccessResult CheckEdit(GeminiRequest request) => new(Editor, EditRefusal);

    public Visitor Identify(GeminiRequest request) => Editor;
}

/// <summary>A Titan body that records whether anyone read it.</summary>
public sealed class RecordingBody(byte[] bytes) : IRequestBody
{
    public bool WasRead { get; private set; }

    public ValueTask<ReadOnlyMemory<byte>> ReadExactlyAsync(int size, CancellationToken cancellationToken)
    {
        WasRead = true;
        if (size > bytes.Length)
        {
            throw new TruncatedBodyException(size, bytes.Length);
        }

        return ValueTask.FromResult<ReadOnlyMemory<byte>>(bytes.AsMemory(0, size));
    }
}

/// <summary>The wiki's routes over a real LiteDB file, dispatched the way the application does it.</summary>
public sealed class WikiHarness : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly RouteTable _routes = new();

    public WikiHarness(WikiOptions? options = null)
    {
        Store = _temp.NewStore();
        Options = options ?? new WikiOptions();
        new WikiRoutes(Store, Gate, RenderCache, Options, "en", _temp.Time).MapRoutes(_routes);
    }

    public LitePageStore Store { get; }

    public TestGate Gate { get; } = new();

    public PageRenderCache RenderCache { get; } = new();

    public WikiOptions Options { get; }

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => _temp.Time;

    public Task<GeminiResponse> GetAsync(string pathAndQuery)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var request = new GeminiRequest
        {
            Url = "gemini://localhost:1965" + pathAndQuery,
            Scheme = GeminiScheme.Gemini,
            Host = "localhost",
            Port = 1965,
            Path = question < 0 ? pathAndQuery : pathAndQuery[..question],
            Query = question < 0 ? null : pathAndQuery[(question + 1)..],
        };
        return DispatchAsync(request);
    }

    public Task<GeminiResponse> UploadAsync(string path, string text, string mime = "text/gemini", string? token = null, RecordingBody? body = null)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return UploadBytesAsync(path, bytes.Length, body ?? new RecordingBody(bytes), mime, token);
    }

    public Task<GeminiResponse> UploadBytesAsync(string path, long size, IRequestBody body, string mime = "text/gemini", string? token = null)
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
        return DispatchAsync(request);
    }

    public static string Body(GeminiResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    private async Task<GeminiResponse> DispatchAsync(GeminiRequest request)
    {
        var match = _routes.Match(request.Path) ?? throw new InvalidOperationException($"No wiki route for {request.Path}");
        if (request.Scheme == GeminiScheme.Titan && !match.Route.AcceptsTitan)
        {
            throw new InvalidOperationException($"{request.Path} does not accept Titan");
        }

        return await match.Route.Endpoint(request with { RouteValues = match.Values }, CancellationToken.None);
    }

    public void Dispose() => _temp.Dispose();
}
