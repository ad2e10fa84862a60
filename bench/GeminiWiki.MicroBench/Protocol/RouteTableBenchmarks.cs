using BenchmarkDotNet.Attributes;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.MicroBench.Protocol;

/// <summary>RouteTable.Match over a table shaped like the wiki's (Phoebe's routes): first route, last route, a miss.</summary>
[MemoryDiagnoser]
public class RouteTableBenchmarks
{
    private readonly RouteTable<string> _routes = new();

    [GlobalSetup]
    public void Setup()
    {
        GeminiEndpoint<string> endpoint = static (_, _) => ValueTask.FromResult(GeminiResponse.NotFound());
        var name = RouteParameters.Text("name");
        var revision = RouteParameters.Text("revision");
        const RouteAccess read = RouteAccess.Read;
        _routes
            .Map("/page/{name}/{revision?}", read, endpoint, name, revision)
            .MapTitan(RouteTemplate.Parse("/raw/{name}/{revision?}"), RouteAccess.Edit, endpoint, name, revision)
            .Map("/raw/{name}/{revision?}", read, endpoint, name, revision)
            .Map("/history/{name}", read, endpoint, name)
            .Map("/diff/{name}/{revision}", read, endpoint, name, revision)
            .Map("/do/index", read, endpoint)
            .Map("/do/changes", read, endpoint)
            .Map("/do/match", read, endpoint)
            .Map("/do/search", read, endpoint)
            .Map("/do/new", RouteAccess.Edit, endpoint)
            .Map("/do/atom", read, endpoint)
            .Map("/register", RouteAccess.Certificate, endpoint)
            .Map("/login", RouteAccess.Certificate, endpoint)
            .Map("/account/{*rest}", RouteAccess.Account, endpoint, RouteParameters.Text("rest"));
    }

    [Benchmark(Baseline = true)]
    public RouteMatch<string>? PageView() => _routes.Match(GeminiScheme.Gemini, "/page/Welcome");

    [Benchmark]
    public RouteMatch<string>? EncodedPageRevision() => _routes.Match(GeminiScheme.Gemini, "/page/Caf%C3%A9%20Menu/12");

    [Benchmark]
    public RouteMatch<string>? LastRoute() => _routes.Match(GeminiScheme.Gemini, "/account/certificates/add");

    [Benchmark]
    public RouteMatch<string>? Miss() => _routes.Match(GeminiScheme.Gemini, "/static/images/logo.png");
}
