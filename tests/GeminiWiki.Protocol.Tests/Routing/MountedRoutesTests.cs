using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Protocol.Tests.Routing;

/// <summary>One module mounted twice, at the root and under a prefix with a realm, as spaces are.</summary>
public sealed class MountedRoutesTests
{
    private static readonly RouteParameter<string> Name = RouteParameters.Text("name");

    private sealed class PageModule(string prefix, string? realm) : IRouteModule<string>
    {
        public void MapRoutes(RouteTable<string> routes) => routes.Under(prefix, realm)
            .Map("/", RouteAccess.Read, (_, _) => ValueTask.FromResult(GeminiResponse.Success("text/plain", $"main of {realm ?? "root"}")))
            .Map("/page/{name}", RouteAccess.Read, (call, _) => ValueTask.FromResult(GeminiResponse.Success("text/plain", $"{call.Values.Get(Name)} in {realm ?? "root"}")), Name);
    }

    /// <summary>Refuses reading in the realms it lists, and records which realm it was asked about.</summary>
    private sealed class RealmGate(params string[] privateRealms) : IAccessGate<string>
    {
        public List<string?> AskedRealms { get; } = [];

        public string Identify(GeminiRequest request) => "anonymous";

        public GeminiResponse? Refuse(string visitor, RouteAccess access) => throw new InvalidOperationException("The dispatcher asks with the realm.");

        public GeminiResponse? Refuse(string visitor, RouteAccess access, string? realm)
        {
            AskedRealms.Add(realm);
            return realm is not null && privateRealms.Contains(realm) ? GeminiResponse.CertificateRequired("private") : null;
        }
    }

    private static GeminiRequest Request(string path) => new()
    {
        Url = "gemini://localhost" + path,
        Scheme = GeminiScheme.Gemini,
        Host = "localhost",
        Path = path,
    };

    [Theory]
    [InlineData("/", "main of root", null)]
    [InlineData("/page/Home", "Home in root", null)]
    [InlineData("/docs", "main of docs", "docs")]
    [InlineData("/docs/", "main of docs", "docs")]
    [InlineData("/docs/page/Home", "Home in docs", "docs")]
    public async Task Each_mount_answers_under_its_prefix_and_is_guarded_by_its_realm(string path, string body, string? realm)
    {
        var gate = new RealmGate();
        var dispatcher = new GeminiDispatcher<string>([new PageModule("/docs", "docs"), new PageModule(string.Empty, null)], gate);

        var response = await dispatcher.HandleAsync(Request(path), CancellationToken.None);

        Assert.Equal(body, System.Text.Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal([realm], gate.AskedRealms);
    }

    [Fact]
    public async Task A_private_realm_is_refused_while_the_root_is_not()
    {
        var dispatcher = new GeminiDispatcher<string>([new PageModule("/team", "team"), new PageModule(string.Empty, null)], new RealmGate("team"));

        Assert.Equal(60, (await dispatcher.HandleAsync(Request("/team/page/Home"), CancellationToken.None)).Code);
        Assert.Equal(20, (await dispatcher.HandleAsync(Request("/page/Home"), CancellationToken.None)).Code);
        Assert.Equal(51, (await dispatcher.HandleAsync(Request("/other/page/Home"), CancellationToken.None)).Code);
    }

    [Fact]
    public void Mounted_routes_carry_the_prefixed_template_and_the_realm()
    {
        var table = new RouteTable<string>();
        new PageModule("/docs/", "docs").MapRoutes(table);

        Assert.Equal(["/docs/", "/docs/page/{name}"], table.Routes.Select(r => r.Template.Text));
        Assert.All(table.Routes, r => Assert.Equal("docs", r.Realm));
        Assert.Throws<InvalidOperationException>(() => table.Under("/docs", "docs").MapFallback(RouteAccess.Public, (_, _) => ValueTask.FromResult(GeminiResponse.NotFound())));
        Assert.Throws<ArgumentException>(() => table.Under("docs", "docs"));
    }
}
