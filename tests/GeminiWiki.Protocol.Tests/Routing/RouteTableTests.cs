using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Protocol.Tests.Routing;

public sealed class RouteTableTests
{
    private static readonly RouteTable Routes = new RouteTable()
        .Map("/", Endpoint("home"))
        .Map("/page/{name}/{revision?}", Endpoint("page"))
        .Map("/raw/{name}", Endpoint("raw"), acceptsTitan: true)
        .Map("/do/index", Endpoint("index"))
        .Map("/do/{action}", Endpoint("action"))
        .Map("/files/{*path}", Endpoint("files"));

    [Theory]
    // Literals.
    [InlineData("/", "home", "")]
    [InlineData("/do/index", "index", "")]
    [InlineData("/do/index/", "index", "")]
    // Values, percent-decoded.
    [InlineData("/page/Home", "page", "name=Home")]
    [InlineData("/page/Caf%C3%A9", "page", "name=Café")]
    [InlineData("/page/a%20b%2Fc", "page", "name=a b/c")]
    [InlineData("/page/1+1", "page", "name=1+1")]
    // An optional last value.
    [InlineData("/page/Home/3", "page", "name=Home;revision=3")]
    [InlineData("/raw/Home", "raw", "name=Home")]
    // Order: the first matching route wins, so the literal beats the value declared after it.
    [InlineData("/do/changes", "action", "action=changes")]
    // A catch-all takes the rest, decoded, or nothing.
    [InlineData("/files/a/b/c%20d.txt", "files", "path=a/b/c d.txt")]
    [InlineData("/files/", "files", "path=")]
    [InlineData("/files", "files", "path=")]
    public void Matches(string path, string endpoint, string values)
    {
        var match = Routes.Match(path);

        Assert.NotNull(match);
        Assert.Equal(endpoint, Name(match.Route));
        Assert.Equal(values, string.Join(';', match.Values.Select(pair => $"{pair.Key}={pair.Value}")));
    }

    [Theory]
    [InlineData("/page")]
    [InlineData("/page/Home/3/extra")]
    [InlineData("/raw/Home/3")]
    [InlineData("/Page/Home")]
    [InlineData("/nothing")]
    [InlineData("/do")]
    // A value that is not UTF-8 matches nothing.
    [InlineData("/page/%FF")]
    public void Does_not_match(string path)
    {
        Assert.Null(Routes.Match(path));
    }

    [Fact]
    public void Titan_acceptance_is_per_route()
    {
        Assert.True(Routes.Match("/raw/Home")!.Route.AcceptsTitan);
        Assert.False(Routes.Match("/page/Home")!.Route.AcceptsTitan);
    }

    [Fact]
    public void The_first_route_added_wins()
    {
        var routes = new RouteTable()
            .Map("/a/{x}", Endpoint("first"))
            .Map("/a/b", Endpoint("second"));

        Assert.Equal("first", Name(routes.Match("/a/b")!.Route));
    }

    [Theory]
    [InlineData("/{*rest}/more")]
    [InlineData("/{name?}/more")]
    public void Catch_all_and_optional_must_come_last(string template)
    {
        Assert.Throws<ArgumentException>(() => RouteTemplate.Parse(template));
    }

    private static GeminiEndpoint Endpoint(string name) =>
        (_, _) => ValueTask.FromResult(GeminiResponse.Gemtext(name));

    private static string Name(Route route)
    {
        var request = new GeminiRequest { Url = "gemini://localhost/", Scheme = GeminiScheme.Gemini, Host = "localhost", Path = "/" };
        var response = route.Endpoint(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(response.Body.Span);
    }
}
