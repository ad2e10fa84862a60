using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Spaces;

/// <summary>
/// What spans the spaces: the list of spaces and the changes of all of them. Both are open to
/// everyone and show only the spaces the visitor may read, so a private space is not even named
/// to those who may not read it.
/// </summary>
public sealed class SpaceListRoutes(WikiSpaces spaces, IAccessCheck access, int changesShown, string language) : IRouteModule<Visitor>
{
    internal static readonly RouteTemplate List = RouteTemplate.Parse("/do/spaces");
    internal static readonly RouteTemplate AllChanges = RouteTemplate.Parse("/do/all/changes");

    public static string ListLink => List.Link();

    public static string AllChangesLink => AllChanges.Link();

    public void MapRoutes(RouteTable<Visitor> routes) =>
        routes
            .Map(List, RouteAccess.Public, Spaces)
            .Map(AllChanges, RouteAccess.Public, Changes);

    private GeminiResponse Spaces(GeminiCall<Visitor> call)
    {
        var builder = new GemtextBuilder().Heading("Spaces").Text("The wikis on this server that you may read.").Blank();
        foreach (var space in Readable(call.Visitor))
        {
            var definition = space.Definition;
            builder.Link(definition.PathMount.Links.Main, definition.IsDefault ? $"{space.Title} (the main wiki)" : space.Title);
            if (definition.Host is { } host)
            {
                builder.Link($"gemini://{host}{PortSuffix(call)}/", $"{space.Title} at its own address, {host}");
            }
        }

        builder.Blank().Link(AllChangesLink, "Recent changes in all of them");
        return GeminiResponse.Gemtext(builder.ToString(), language);
    }

    /// <summary>The latest changes of every readable space, newest first, as a Gemini subscription (one dated link line each).</summary>
    private GeminiResponse Changes(GeminiCall<Visitor> call)
    {
        var changes = Readable(call.Visitor)
            .SelectMany(space => space.RecentChanges(changesShown, space.Definition.PathMount).Select(change => (Space: space, Change: change)))
            .OrderByDescending(entry => entry.Change.Time)
            .Take(changesShown)
            .ToList();
        var builder = new GemtextBuilder().Heading("Recent changes in all spaces").Text("Newest first. Times are UTC.")
            .Link(ListLink, "The spaces").Blank();
        foreach (var (space, change) in changes)
        {
            builder.Link(change.Link, change.Title(space.Title));
        }

        if (changes.Count == 0)
        {
            builder.Text("No changes yet.");
        }

        return GeminiResponse.Gemtext(builder.ToString(), language);
    }

    private IEnumerable<WikiSpace> Readable(Visitor visitor) =>
        spaces.All.Where(space => access.Permits(visitor, RouteAccess.Read, space.Definition.Realm));

    private static string PortSuffix(GeminiCall<Visitor> call) => call.Request.Port is { } port ? ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
}

/// <summary>The check for a gate that has no <see cref="IAccessCheck"/> of its own (test gates): its refusal decides.</summary>
public sealed class GateAccessCheck(IAccessGate<Visitor> gate) : IAccessCheck
{
    public bool Permits(Visitor visitor, RouteAccess access, string? realm) => gate.Refuse(visitor, access, realm) is null;
}
