using GeminiWiki.Domain.Wiki;

namespace GeminiWiki.Domain.Spaces;

/// <summary>
/// Where one space's routes are mapped: under its path prefix ("/docs") on the capsule's host, or
/// at "" on a host of its own, guarded by the policy of <paramref name="Realm"/> (the space's name;
/// null for the default space, which the capsule's own policy guards).
/// </summary>
public sealed record SpaceMount(string Prefix, string? Realm)
{
    public static SpaceMount Root { get; } = new(string.Empty, null);

    /// <summary>Links built for this mount, so they stay in it.</summary>
    public WikiLinks Links { get; } = Prefix.Length == 0 ? WikiLinks.Root : new WikiLinks(Prefix);
}
