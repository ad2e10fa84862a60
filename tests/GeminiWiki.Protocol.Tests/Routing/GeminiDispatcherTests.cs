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
    private readonly RecordingConfirmation _confirmation = new();
    private readonly GeminiDispatcher<string> _dispatcher;
    private readonly List<string> _called = [];

    public GeminiDispatcherTests()
    {
        _dispatcher = new GeminiDispatcher<string>([new Module(this)], _gate, _confirmation);
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

    [Fact]
    public async Task A_state_changing_route_runs_only_what_the_confirmation_lets_through()
    {
        var unconfirmed = await _dispatcher.HandleAsync(Request("/promote/Home?mallory"), CancellationToken.None);

        Assert.Equal((GeminiStatus.TemporaryRedirect, "/promote/Home/token"), (unconfirmed.Status, unconfirmed.Meta));
        Assert.Equal(("/promote/Home", null, "promote mallory on Home"), _confirmation.Seen[^1]);
        Assert.Empty(_called);
    }

    [Fact]
    public async Task The_segment_after_a_state_changing_route_is_its_token_and_the_run_is_reported()
    {
        var response = await _dispatcher.HandleAsync(Request("/promote/Home/token?yes"), CancellationToken.None);

        Assert.Equal("promoted on Home", Body(response));
        Assert.Equal(("/promote/Home", "token", "promote yes on Home"), _confirmation.Seen[^1]);
        Assert.Same(response, _confirmation.Ran);
    }

    [Fact]
    public async Task An_argument_that_can_never_work_is_refused_before_any_confirmation()
    {
        var response = await _dispatcher.HandleAsync(Request("/promote/Home?nobody"), CancellationToken.None);

        Assert.Equal((GeminiStatus.Input, "No such person"), (response.Status, response.Meta));
        Assert.Empty(_confirmation.Seen);
    }

    [Fact]
    public void A_state_changing_route_cannot_end_with_an_optional_value()
    {
        var routes = new RouteTable<string>();

        Assert.Throws<ArgumentException>(() => routes.MapConfirmed(RouteTemplate.Parse("/promote/{name?}"), RouteAccess.Admin,
            _ => GeminiResponse.Gemtext("x"), (_, _) => "x", Name));
    }

    private static GeminiRequest Request(string pathAndQuery, bool titan = false) => new()
    {
        Url = (titan ? "titan" : "gemini") + "://localhost" + pathAndQuery,
        Scheme = titan ? GeminiScheme.Titan : GeminiScheme.Gemini,
        Host = "localhost",
        Path = pathAndQuery.Split('?')[0],
        Query = pathAndQuery.Contains('?') ? pathAndQuery.Split('?')[1] : null,
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

    private sealed class RecordingConfirmation : IActionConfirmation<string>
    {
        public List<(string ActionPath, string? Token, string Description)> Seen { get; } = [];

        public GeminiResponse? Ran { get; private set; }

        public ConfirmationOutcome<string> Check(GeminiCall<string> call, string actionPath, string? token, Func<string, string> describe)
        {
            Seen.Add((actionPath, token, describe(call.Request.DecodedQuery ?? "")));
            return token is null
                ? ConfirmationOutcome<string>.Respond(GeminiResponse.Redirect(actionPath + "/token"))
                : ConfirmationOutcome<string>.Act(call, response => Ran = response);
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
            .MapConfirmed(RouteTemplate.Parse("/promote/{name}"), RouteAccess.Admin,
                call => GeminiResponse.Success("text/plain", $"promoted on {call.Values.Get(Name)}"),
                (call, argument) => $"promote {argument} on {call.Values.Get(Name)}",
                (_, argument) => argument == "nobody" ? GeminiResponse.Input("No such person") : null,
                Name)
            .MapFallback(RouteAccess.Public, (_, _) => ValueTask.FromResult(GeminiResponse.Success("text/plain", "static")));
    }
}
