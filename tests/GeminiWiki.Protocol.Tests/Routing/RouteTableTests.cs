using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Protocol.Tests.Routing;

public sealed class RouteTableTests
{
    private static readonly RouteParameter<string> PageName = RouteParameters.Text("name");
    private static readonly RouteParameter<string> Revision = RouteParameters.Text("revision");
    private static readonly RouteParameter<string> Action = RouteParameters.Text("action");
    private static readonly RouteParameter<string> Rest = RouteParameters.Text("path");

    private static readonly RouteTable<string> Routes = new RouteTable<string>()
        .Map("/", RouteAccess.Public, Endpoint("home"))
        .Map("/page/{name}/{revision?}", RouteAccess.Read, Endpoint("page"), PageName, Revision)
        .MapTitan(RouteTemplate.Parse("/raw/{name}"), RouteAccess.Edit, Endpoint("upload"), PageName)
        .Map("/raw/{name}", RouteAccess.Read, Endpoint("raw"), PageName)
        .Map("/do/index", RouteAccess.Read, Endpoint("index"))
        .Map("/do/{action}", RouteAccess.Read, Endpoint("action"), Action)
        .Map("/files/{*path}", RouteAccess.Public, Endpoint("files"), Rest);

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
        var match = Routes.Match(GeminiScheme.Gemini, path);

        Assert.NotNull(match);
        Assert.Equal(endpoint, Name(match.Route));
        Assert.Equal(values, string.Join(';', match.Values.Select(pair => $"{pair.Name}={pair.Text}")));
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
        Assert.Null(Routes.Match(GeminiScheme.Gemini, path));
    }

    [Fact]
    public void Routes_are_per_scheme_with_their_own_access()
    {
        var upload = Routes.Match(GeminiScheme.Titan, "/raw/Home")!.Route;
        var read = Routes.Match(GeminiScheme.Gemini, "/raw/Home")!.Route;

        Assert.Equal(("upload", RouteAccess.Edit), (Name(upload), upload.Access));
        Assert.Equal(("raw", RouteAccess.Read), (Name(read), read.Access));
        Assert.Null(Routes.Match(GeminiScheme.Titan, "/page/Home"));
    }

    [Fact]
    public void The_first_route_added_wins()
    {
        var routes = new RouteTable<string>()
            .Map("/a/{x}", RouteAccess.Public, Endpoint("first"), RouteParameters.Text("x"))
            .Map("/a/b", RouteAccess.Public, Endpoint("second"));

        Assert.Equal("first", Name(routes.Match(GeminiScheme.Gemini, "/a/b")!.Route));
    }

    [Theory]
    [InlineData("/{*rest}/more")]
    [InlineData("/{name?}/more")]
    public void Catch_all_and_optional_must_come_last(string template)
    {
        Assert.Throws<ArgumentException>(() => RouteTemplate.Parse(template));
    }

    [Fact]
    public void Every_value_needs_exactly_one_parameter_when_mapped()
    {
        var routes = new RouteTable<string>();

        Assert.Throws<ArgumentException>(() => routes.Map("/page/{name}", RouteAccess.Read, Endpoint("page")));
        Assert.Throws<ArgumentException>(() => routes.Map("/page", RouteAccess.Read, Endpoint("page"), PageName));
        Assert.Empty(routes.Routes);
    }

    [Theory]
    [InlineData("/page/{name}/{rev?}", new[] { "Home" }, "/page/Home")]
    [InlineData("/page/{name}/{rev?}", new[] { "Home", "3" }, "/page/Home/3")]
    [InlineData("/page/{name}", new[] { "Café au lait" }, "/page/Caf%C3%A9%20au%20lait")]
    [InlineData("/page/{name}", new[] { "a/b?c#d" }, "/page/a%2Fb%3Fc%23d")]
    [InlineData("/files/{*path}", new[] { "a b/c.txt" }, "/files/a%20b/c.txt")]
    [InlineData("/do/index", new string[0], "/do/index")]
    [InlineData("/", new string[0], "/")]
    public void Links_are_built_from_the_template_and_match_it_again(string template, string[] values, string expected)
    {
        var parsed = RouteTemplate.Parse(template);

        var link = parsed.Link(values);

        Assert.Equal(expected, link);
        Assert.True(parsed.TryMatch(link.Split('/', StringSplitOptions.RemoveEmptyEntries), out var matched));
        Assert.Equal(values, matched.Select(v => v.Text));
    }

    [Fact]
    public void A_link_without_a_required_value_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => RouteTemplate.Parse("/diff/{name}/{rev}").Link("Home"));
        Assert.Throws<ArgumentException>(() => RouteTemplate.Parse("/do/index").Link("extra"));
    }

    [Fact]
    public void The_literal_prefix_ends_before_the_first_value()
    {
        Assert.Equal("/raw/", RouteTemplate.Parse("/raw/{name}/{rev?}").LiteralPrefix);
        Assert.Equal("/do/backlinks/", RouteTemplate.Parse("/do/backlinks/{name}").LiteralPrefix);
    }

    private static GeminiEndpoint<string> Endpoint(string name) =>
        (_, _) => ValueTask.FromResult(GeminiResponse.Gemtext(name));

    private static string Name(Route<string> route)
    {
        var request = new GeminiRequest { Url = "gemini://localhost/", Scheme = GeminiScheme.Gemini, Host = "localhost", Path = "/" };
        var response = route.Endpoint(new GeminiCall<string>(request, "visitor", RouteValues.Empty), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(response.Body.Span);
    }
}
