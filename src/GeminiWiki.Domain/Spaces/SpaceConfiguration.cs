using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Domain.Spaces;

/// <summary>Turns Wiki:Spaces into space definitions, or into every problem with it, each named by its key.</summary>
public static class SpaceConfiguration
{
    public const int MaxNameLength = 40;

    /// <summary>
    /// The first path segments the capsule's own routes use: a space named like one would hide
    /// them or be hidden. Kept here, beside the rule, rather than read from the route table,
    /// because the configuration is checked before any route is mapped.
    /// </summary>
    public static IReadOnlySet<string> ReservedNames { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "page", "raw", "history", "diff", "do", "file", "files", "register", "login", "account", "admin", "certs", "spaces",
    };

    /// <param name="servedHosts">The capsule's own host names (Gemini:Hostname and HostAliases), which no space may take.</param>
    public static IReadOnlyList<SpaceDefinition> Read(IReadOnlyList<SpaceOptions> spaces, IEnumerable<string> servedHosts, int maxNameLength, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var definitions = new List<SpaceDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var capsuleHosts = new HashSet<string>(servedHosts.Select(ServedAuthority.NormalizeHost), StringComparer.Ordinal);
        var hosts = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spaces.Count; i++)
        {
            var key = $"Wiki:Spaces:{i}";
            var space = spaces[i];
            var before = found.Count;
            var name = space.Name ?? string.Empty;
            if (name.Length == 0)
            {
                found.Add($"{key}:Name is missing: every space needs a name, its path prefix (e.g. \"docs\" for /docs/).");
            }
            else if (name.Length > MaxNameLength || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                found.Add($"{key}:Name '{name}' must be 1 to {MaxNameLength} lowercase letters, digits or '-'.");
            }
            else if (ReservedNames.Contains(name))
            {
                found.Add($"{key}:Name '{name}' is taken by the capsule's own /{name} routes; choose another name.");
            }
            else if (!names.Add(name))
            {
                found.Add($"{key}:Name '{name}' is used by an earlier space; space names are unique.");
            }

            if (!PageName.TryParse(space.MainPage, maxNameLength, out _, out var pageProblem))
            {
                found.Add($"{key}:MainPage '{space.MainPage}' is not a page name: {pageProblem}.");
            }

            var read = ParseRead(space.Read, key, found);
            var edit = ParseEdit(space.Edit, key, found);
            string? host = null;
            if (space.Host is not null)
            {
                if (!RequestAuthority.TryParse(space.Host, out var authority, out _) || authority.Port is not null || authority.Host.StartsWith('['))
                {
                    found.Add($"{key}:Host '{space.Host}' is not a host name (no scheme, port or path, e.g. \"docs.example.org\").");
                }
                else if (capsuleHosts.Contains(authority.Host))
                {
                    found.Add($"{key}:Host '{space.Host}' is the capsule's own host (Gemini:Hostname or HostAliases); a space needs a host of its own.");
                }
                else if (!hosts.Add(authority.Host))
                {
                    found.Add($"{key}:Host '{space.Host}' is bound to an earlier space; a host serves one space.");
                }
                else
                {
                    host = authority.Host;
                }
            }

            if ((space.CertificatePath is null) != (space.KeyPath is null))
            {
                found.Add($"{key}: set both CertificatePath and KeyPath, or neither (a certificate is then generated for the host).");
            }
            else if (space.CertificatePath is not null && space.Host is null)
            {
                found.Add($"{key}:CertificatePath is only used for a space's own Host; set Host or remove it.");
            }

            if (found.Count == before)
            {
                var title = string.IsNullOrWhiteSpace(space.Title) ? name : space.Title.Trim();
                definitions.Add(new SpaceDefinition(name, title, space.MainPage, read, edit, host, space.CertificatePath, space.KeyPath));
            }
        }

        problems = found;
        return definitions;
    }

    private static ReadPolicy? ParseRead(string? text, string key, List<string> found) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "public" => ReadPolicy.Public,
        "registered" => ReadPolicy.Registered,
        "allowlisted" => ReadPolicy.AllowListed,
        _ => Problem<ReadPolicy>(found, $"{key}:Read '{text}' must be Public, Registered or AllowListed (or left out for Identity:Read)."),
    };

    private static EditPolicy? ParseEdit(string? text, string key, List<string> found) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "registered" => EditPolicy.Registered,
        "allowlisted" => EditPolicy.AllowListed,
        "admin" or "admins" => EditPolicy.Admins,
        _ => Problem<EditPolicy>(found, $"{key}:Edit '{text}' must be Registered, AllowListed or Admin (or left out for Identity:Edit)."),
    };

    private static T? Problem<T>(List<string> found, string problem)
        where T : struct
    {
        found.Add(problem);
        return null;
    }
}
