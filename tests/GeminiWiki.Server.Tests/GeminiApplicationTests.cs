using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Protocol.Titan;
using GeminiWiki.Server.Application;
using NSubstitute;

namespace GeminiWiki.Server.Tests;

public sealed class GeminiApplicationTests
{
    private readonly IGeminiHandler _fallback = Substitute.For<IGeminiHandler>();
    private readonly GeminiApplication _application;

    public GeminiApplicationTests()
    {
        _fallback.HandleAsync(Arg.Any<GeminiRequest>(), Arg.Any<CancellationToken>())
            .Returns(ValueTask.FromResult(GeminiResponse.Gemtext("static\n")));
        _application = new GeminiApplication([new Module()], _fallback);
    }

    [Fact]
    public async Task A_route_receives_its_decoded_values()
    {
        var response = await _application.HandleAsync(Request("/page/Caf%C3%A9%20au%20lait"), CancellationToken.None);

        Assert.Equal("page Café au lait", Body(response));
    }

    [Fact]
    public async Task Unmatched_gemini_paths_fall_through_to_the_static_capsule()
    {
        var response = await _application.HandleAsync(Request("/about.gmi"), CancellationToken.None);

        Assert.Equal("static\n", Body(response));
    }

    [Theory]
    [InlineData("/page/Home")]
    [InlineData("/about.gmi")]
    public async Task Titan_uploads_are_refused_where_no_route_accepts_them(string path)
    {
        var response = await _application.HandleAsync(Request(path, titan: true), CancellationToken.None);

        Assert.Equal(GeminiStatus.BadRequest, response.Status);
        Assert.Contains("titan://", response.Meta);
        await _fallback.DidNotReceiveWithAnyArgs().HandleAsync(default!, default);
    }

    [Fact]
    public async Task Titan_uploads_reach_routes_that_accept_them()
    {
        var response = await _application.HandleAsync(Request("/raw/Home", titan: true), CancellationToken.None);

        Assert.Equal("upload Home", Body(response));
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

    private sealed class Module : IRouteModule
    {
        public void MapRoutes(RouteTable routes)
        {
            routes.Map("/page/{name}", (r, _) => ValueTask.FromResult(GeminiResponse.Success("text/plain", "page " + r.RouteValues["name"])));
            routes.Map("/raw/{name}", (r, _) => ValueTask.FromResult(GeminiResponse.Success("text/plain", "upload " + r.RouteValues["name"])), acceptsTitan: true);
        }
    }
}
