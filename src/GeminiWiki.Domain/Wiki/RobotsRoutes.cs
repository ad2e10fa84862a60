using GeminiWiki.Domain.Access;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Wiki;

/// <summary>
/// /robots.txt of a host. Crawlers only ever ask at the root, so one file speaks for every wiki the
/// host serves under a path prefix: each space's raw texts, histories, diffs and actions are kept
/// off like the default space's.
/// </summary>
public sealed class RobotsRoutes : IRouteModule<Visitor>
{
    internal static readonly RouteTemplate Robots = RouteTemplate.Parse("/robots.txt");

    private readonly GeminiResponse _robots;

    /// <param name="prefixes">The path prefix of every wiki on the host ("" for the one at the root, "/docs" for a space).</param>
    public RobotsRoutes(IEnumerable<string> prefixes)
    {
        var lines = new List<string> { "User-agent: *" };
        foreach (var prefix in prefixes)
        {
            lines.Add("Disallow: " + prefix + WikiRoutes.Raw.LiteralPrefix);
            lines.Add("Disallow: " + prefix + WikiRoutes.History.LiteralPrefix);
            lines.Add("Disallow: " + prefix + WikiRoutes.Diff.LiteralPrefix);
            // Everything under /do/ is an action or a listing, never a page of its own.
            lines.Add("Disallow: " + prefix + "/do/");
        }

        lines.Add(string.Empty);
        _robots = GeminiResponse.Success("text/plain; charset=utf-8", string.Join('\n', lines));
    }

    public void MapRoutes(RouteTable<Visitor> routes) => routes.Map(Robots, RouteAccess.Public, _ => _robots);
}
