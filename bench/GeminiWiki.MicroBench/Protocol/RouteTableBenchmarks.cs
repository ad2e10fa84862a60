using BenchmarkDotNet.Attributes;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.MicroBench.Protocol;

/// <summary>RouteTable.Match over a table shaped like the wiki's (Phoebe's routes): first route, last route, a miss.</summary>
[MemoryDiagnoser]
public class RouteTableBenchmarks
{
    private readonly RouteTable _routes = new();

    [GlobalSetup]
    public void Setup()
    {
        GeminiEndpoint endpoint = static (_, _) => ValueTask.FromResult(GeminiResponse.NotFound());
        _routes
            .Map("/page/{name}/{revision?}", endpoint)
            .Map("/raw/{name}/{revision?}", endpoint, acceptsTitan: true)
            .Map("/history/{name}", endpoint)
            .Map("/diff/{name}/{revision}", endpoint)
            .Map("/do/index", endpoint)
            .Map("/do/changes", endpoint)
            .Map("/do/match", endpoint)
            .Map("/do/search", endpoint)
            .Map("/do/new", endpoint)
            .Map("/do/atom", endpoint)
            .Map("/register", endpoint)
            .Map("/login", endpoint)
            .Map("/account/{*rest}", endpoint);
    }

    [Benchmark(Baseline = true)]
    public RouteMatch? PageView() => _routes.Match("/page/Welcome");

    [Benchmark]
    public RouteMatch? EncodedPageRevision() => _routes.Match("/page/Caf%C3%A9%20Menu/12");

    [Benchmark]
    public RouteMatch? LastRoute() => _routes.Match("/account/certificates/add");

    [Benchmark]
    public RouteMatch? Miss() => _routes.Match("/static/images/logo.png");
}
