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

/// <summary>A gate whose decisions the test sets: who is asking, or what to refuse for reading or editing.</summary>
public sealed class TestGate : IAccessGate<Visitor>
{
    public Visitor Editor { get; set; } = new(Fingerprint.FromHash(new byte[32]), "alice", false);

    public GeminiResponse? EditRefusal { get; set; }

    public GeminiResponse? ReadRefusal { get; set; }

    public Visitor Identify(GeminiRequest request) => Editor;

    public GeminiResponse? Refuse(Visitor visitor, RouteAccess access) => access switch
    {
        RouteAccess.Read => ReadRefusal,
        RouteAccess.Edit => EditRefusal,
        _ => null,
    };
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

/// <summary>The wiki's routes over a real LiteDB file, through the same dispatcher the server uses.</summary>
public sealed class WikiHarness : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly GeminiDispatcher<Visitor> _dispatcher;

    public WikiHarness(WikiOptions? options = null)
    {
        Store = _temp.NewPageStore();
        Options = options ?? new WikiOptions();
        var confirmations = new ActionTokens(Enumerable.Repeat((byte)42, 32).ToArray(), _temp.Time);
        _dispatcher = new GeminiDispatcher<Visitor>([new RobotsRoutes([string.Empty]), new WikiRoutes(Store, RenderCache, Options, "en", _temp.Time)], Gate, confirmations);
    }

    public LitePageStore Store { get; }

    /// <summary>The database under the store, to damage it behind the store's back.</summary>
    public TempDatabase Database => _temp;

    public TestGate Gate { get; } = new();

    public PageRenderCache RenderCache { get; } = new();

    public WikiOptions Options { get; }

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => _temp.Time;

    public Task<GeminiResponse> GetAsync(string pathAndQuery) => DispatchAsync(TestRequests.Gemini(pathAndQuery));

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

    private async Task<GeminiResponse> DispatchAsync(GeminiRequest request) =>
        await _dispatcher.HandleAsync(request, CancellationToken.None);

    public void Dispose() => _temp.Dispose();
}
