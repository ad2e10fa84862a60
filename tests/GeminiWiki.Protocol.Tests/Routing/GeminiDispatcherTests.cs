using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Protocol.Titan;

namespace GeminiWiki.Protocol.Tests.Routing;

/// <summary>The dispatcher as a pure function of the request: route, identify once, enforce access, bind, call.</summary>
public sealed class GeminiDispatcherTests
{
    private static readonly RouteParameter<int> Revision =
        RouteParameters.PositiveNumber("rev", text => $"A revision is a number from 1 up, not '{text}'");

    private static readonly RouteParameter<string> Name = RouteParameters.Text("name");

    private readonly RecordingGate _gate = new();
    private readonly GeminiDispatcher<string> _dispatcher;
    private readonly List<string> _called = [];

    public GeminiDispatcherTests()
    {
        _dispatcher = new GeminiDispatcher<string>([new Module(this)], _gate);
    }

    [Fact]
    public async Task A_route_receives_its_bound_values_and_the_visitor()
    {
        _gate.Visitor = "alice";

        var response = await _dispatcher.HandleAsync(Request("/page/Caf%C3%A9%20au%20lait/3"), CancellationToken.None);

        Assert.Equal("page Café au lait rev 3 for alice", Body(response));
        Assert.Equal(1, _gate.Identified);
    }

    [Fact]
    public async Task A_refused_visitor_gets_the_gate_answer_and_the_endpoint_never_runs()
    {
        _gate.Refusals[RouteAccess.Edit] = GeminiResponse.CertificateRequired("Make a certificate");

        var response = await _dispatcher.HandleAsync(Request("/edit/Home"), CancellationToken.None);

        Assert.Equal((GeminiStatus.ClientCertificateRequired, "Make a certificate"), (response.Status, response.Meta));
        Assert.Empty(_called);
        Assert.Equal([RouteAccess.Edit], _gate.Asked);
    }

    [Fact]
    public async Task Access_is_checked_before_values_are_bound()
    {
        _gate.Refusals[RouteAccess.Read] = GeminiResponse.CertificateNotAuthorised("Not on the allow-list");

        var response = await _dispatcher.HandleAsync(Request("/page/Home/zero"), CancellationToken.None);

        Assert.Equal(GeminiStatus.CertificateNotAuthorised, response.Status);
    }

    [Theory]
    [InlineData("/page/Home/0")]
    [InlineData("/page/Home/-1")]
    [InlineData("/page/Home/x")]
    public async Task A_value_that_does_not_bind_is_answered_59_with_the_parameter_message(string path)
    {
        var response = await _dispatcher.HandleAsync(Request(path), CancellationToken.None);

        Assert.Equal(GeminiStatus.BadRequest, response.Status);
        Assert.StartsWith("A revision is a number from 1 up, not '", response.Meta);
        Assert.Empty(_called);
    }

    [Fact]
    public async Task Unmatched_gemini_paths_go_to_the_fallback_with_its_own_access()
    {
        var response = await _dispatcher.HandleAsync(Request("/about.gmi"), CancellationToken.None);

        Assert.Equal("static", Body(response));
        Assert.Equal([RouteAccess.Public], _gate.Asked);
    }

    [Theory]
    [InlineData("/page/Home")]
    [InlineData("/about.gmi")]
    public async Task Titan_uploads_are_refused_where_no_route_accepts_them(string path)
    {
        var response = await _dispatcher.HandleAsync(Request(path, titan: true), CancellationToken.None);

        Assert.Equal(GeminiDispatcher<string>.TitanNotAccepted, response);
        Assert.Empty(_called);
        Assert.Equal(0, _gate.Identified);
    }

    [Fact]
    public async Task Titan_uploads_reach_routes_that_accept_them()
    {
        var response = await _dispatcher.HandleAsync(Request("/raw/Home", titan: true), CancellationToken.None);

        Assert.Equal("upload Home", Body(response));
        Assert.Equal([RouteAccess.Edit], _gate.Asked);
    }

    private static GeminiRequest Request(string path, bool titan = false) => new()
    {
        Url = (titan ? "titan" : "gemini") + "://localhost" + path,
        Scheme = titan ? GeminiScheme.Titan : GeminiScheme.Gemini,
        Host = "localhost",
        Path = path,
        Titan = titan ? new TitanParameters(3, TitanParameters.DefaultMime, null) : null,
    };

    private static string Body(GeminiResponse response) => System.Text.Encoding.UTF8.GetString(response.Body.Span);

    private sealed class RecordingGate : IAccessGate<string>
    {
        public string Visitor { get; set; } = "anonymous";

        public int Identified { get; private set; }

        public List<RouteAccess> Asked { get; } = [];

        public Dictionary<RouteAccess, GeminiResponse> Refusals { get; } = [];

        public string Identify(GeminiRequest request)
        {
            Identified++;
            return Visitor;
        }

        public GeminiResponse? Refuse(string visitor, RouteAccess access)
        {
            Asked.Add(access);
            return Refusals.GetValueOrDefault(access);
        }
    }

    private sealed class Module(GeminiDispatcherTests test) : IRouteModule<string>
    {
        public void MapRoutes(RouteTable<string> routes) => routes
            .Map("/page/{name}/{rev?}", RouteAccess.Read, (call, _) =>
            {
                test._called.Add("page");
                var revision = call.Values.TryGet(Revision, out var rev) ? $" rev {rev}" : string.Empty;
                return ValueTask.FromResult(GeminiResponse.Success("text/plain", $"page {call.Values.Get(Name)}{revision} for {call.Visitor}"));
            }, Name, Revision)
            .Map("/edit/{name}", RouteAccess.Edit, (_, _) =>
            {
                test._called.Add("edit");
                return ValueTask.FromResult(GeminiResponse.Success("text/plain", "edit"));
            }, Name)
            .MapTitan(RouteTemplate.Parse("/raw/{name}"), RouteAccess.Edit, (call, _) =>
                ValueTask.FromResult(GeminiResponse.Success("text/plain", "upload " + call.Values.Get(Name))), Name)
            .MapFallback(RouteAccess.Public, (_, _) => ValueTask.FromResult(GeminiResponse.Success("text/plain", "static")));
    }
}
