using GeminiWiki.Domain.Access;

namespace GeminiWiki.Domain.Spaces;

/// <summary>
/// One wiki on the server, as configured: its name (the path prefix; "" for the default space),
/// its title and main page, an optional read and edit policy of its own (null: the capsule's),
/// and an optional host name it answers at "/" with a certificate of its own.
/// </summary>
public sealed record SpaceDefinition(
    string Name,
    string Title,
    string MainPage,
    ReadPolicy? Read = null,
    EditPolicy? Edit = null,
    string? Host = null,
    string? CertificatePath = null,
    string? KeyPath = null)
{
    public bool IsDefault => Name.Length == 0;

    /// <summary>The realm of the space's routes: its name, or null for the default space (the capsule's own policy).</summary>
    public string? Realm => IsDefault ? null : Name;

    /// <summary>Where the space is reached on the capsule's host: "/docs", or the root for the default space.</summary>
    public SpaceMount PathMount => IsDefault ? SpaceMount.Root : new SpaceMount("/" + Name, Name);

    /// <summary>Where the space is reached on its own host: the root, under its own policy.</summary>
    public SpaceMount HostMount => new(string.Empty, Realm);

    /// <summary>
    /// Put in front of the names of the space's LiteDB collections. The default space keeps the
    /// original names, so existing data stays where it is. Names hold only a-z, 0-9 and '-', and
    /// LiteDB takes no '-', so '-' becomes '_', which no name contains: two spaces never share a collection.
    /// </summary>
    public string CollectionPrefix => IsDefault ? string.Empty : "space_" + Name.Replace('-', '_') + "_";
}
