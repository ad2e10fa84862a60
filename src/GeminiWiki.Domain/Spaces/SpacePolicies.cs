using GeminiWiki.Domain.Access;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Spaces;

/// <summary>
/// The spaces that read or edit under a policy of their own. The rest of the access policy
/// (admins, allow- and deny-lists) is the capsule's, and still reloads with gemini.json.
/// </summary>
public sealed class SpacePolicies
{
    public static readonly SpacePolicies None = new([]);

    private readonly Dictionary<string, SpaceDefinition> _spaces;

    public SpacePolicies(IEnumerable<SpaceDefinition> spaces)
    {
        _spaces = spaces.Where(s => !s.IsDefault).ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>The policy for routes of <paramref name="realm"/>: the capsule's, with the space's Read and Edit where it sets them.</summary>
    public AccessPolicy Apply(AccessPolicy policy, string? realm)
    {
        if (realm is null || !_spaces.TryGetValue(realm, out var space) || (space.Read is null && space.Edit is null))
        {
            return policy;
        }

        return policy with { Read = space.Read ?? policy.Read, Edit = space.Edit ?? policy.Edit };
    }
}

/// <summary>Asks whether a visitor may use routes of some access in a realm, without refusing anything (for lists of spaces).</summary>
public interface IAccessCheck
{
    bool Permits(Visitor visitor, RouteAccess access, string? realm);
}
