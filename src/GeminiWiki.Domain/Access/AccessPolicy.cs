using GeminiWiki.Domain.Identity;

namespace GeminiWiki.Domain.Access;

/// <summary>
/// <see cref="IdentityOptions"/> turned into values the gate can use: parsed fingerprints and the
/// loaded CA. Built again whenever gemini.json changes.
/// </summary>
public sealed record AccessPolicy(
    ReadPolicy Read,
    EditPolicy Edit,
    IReadOnlySet<Fingerprint> AdminFingerprints,
    IReadOnlySet<Fingerprint> AllowList,
    IReadOnlySet<Fingerprint> DenyList,
    TrustedIssuer? TrustedIssuer,
    int RegistrationsPerIpPerHour)
{
    public static readonly AccessPolicy Default = new(
        ReadPolicy.Public, EditPolicy.Registered, new HashSet<Fingerprint>(), new HashSet<Fingerprint>(), new HashSet<Fingerprint>(), null, 3);

    public AccessRequirement ReadRequirement => Read switch
    {
        ReadPolicy.Registered => AccessRequirement.Registered,
        ReadPolicy.AllowListed => AccessRequirement.AllowListed,
        _ => AccessRequirement.None,
    };

    public AccessRequirement EditRequirement => Edit switch
    {
        EditPolicy.AllowListed => AccessRequirement.AllowListed,
        EditPolicy.Admins => AccessRequirement.Admin,
        _ => AccessRequirement.Registered,
    };

    /// <summary>
    /// Compiles options; <paramref name="problems"/> lists every entry that could not be used, named
    /// by its key in gemini.json. Relative paths resolve against <paramref name="baseDirectory"/>.
    /// </summary>
    public static AccessPolicy Compile(IdentityOptions options, string baseDirectory, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        HashSet<Fingerprint> Parse(List<string> entries, string key)
        {
            var set = new HashSet<Fingerprint>();
            for (var i = 0; i < entries.Count; i++)
            {
                if (Fingerprint.TryParse(entries[i], out var fingerprint))
                {
                    set.Add(fingerprint);
                }
                else
                {
                    found.Add($"{IdentityOptions.Section}:{key}:{i} '{entries[i]}' is not a SHA-256 fingerprint.");
                }
            }

            return set;
        }

        var admins = Parse(options.AdminFingerprints, nameof(IdentityOptions.AdminFingerprints));
        var allow = Parse(options.AllowList, nameof(IdentityOptions.AllowList));
        var deny = Parse(options.DenyList, nameof(IdentityOptions.DenyList));

        var issuer = CompileIssuer(options, baseDirectory, found);
        if (options.RegistrationsPerIpPerHour < 1)
        {
            found.Add($"{IdentityOptions.Section}:{nameof(IdentityOptions.RegistrationsPerIpPerHour)} must be at least 1.");
        }

        problems = found;
        return new AccessPolicy(options.Read, options.Edit, admins, allow, deny, issuer, Math.Max(1, options.RegistrationsPerIpPerHour));
    }

    private static TrustedIssuer? CompileIssuer(IdentityOptions options, string baseDirectory, List<string> found)
    {
        var rules = new List<SubjectRule>();
        var texts = options.SubjectRules.Select((rule, i) => (Key: $"{nameof(IdentityOptions.SubjectRules)}:{i}", Text: rule));
        if (!string.IsNullOrWhiteSpace(options.TrustedCaSubject))
        {
            texts = texts.Append((nameof(IdentityOptions.TrustedCaSubject), options.TrustedCaSubject));
        }

        foreach (var (key, text) in texts)
        {
            try
            {
                rules.Add(SubjectRule.Parse(text));
            }
            catch (FormatException ex)
            {
                found.Add($"{IdentityOptions.Section}:{key} {ex.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.TrustedCaFile))
        {
            if (rules.Count > 0 || !string.IsNullOrWhiteSpace(options.TrustedCaCrlFile))
            {
                found.Add($"{IdentityOptions.Section}:{nameof(IdentityOptions.SubjectRules)}, {nameof(IdentityOptions.TrustedCaSubject)} and {nameof(IdentityOptions.TrustedCaCrlFile)} apply to the CA in {IdentityOptions.Section}:{nameof(IdentityOptions.TrustedCaFile)}; set it too, or remove them.");
            }

            return null;
        }

        var path = Path.GetFullPath(options.TrustedCaFile, baseDirectory);
        System.Security.Cryptography.X509Certificates.X509Certificate2 authority;
        try
        {
            authority = TrustedIssuer.LoadCertificate(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or FormatException)
        {
            found.Add($"{IdentityOptions.Section}:{nameof(IdentityOptions.TrustedCaFile)} '{path}' cannot be used: {ex.Message}");
            return null;
        }

        RevocationListFile? revocations = null;
        if (!string.IsNullOrWhiteSpace(options.TrustedCaCrlFile))
        {
            var crlPath = Path.GetFullPath(options.TrustedCaCrlFile, baseDirectory);
            try
            {
                revocations = RevocationListFile.Load(crlPath, authority);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                found.Add($"{IdentityOptions.Section}:{nameof(IdentityOptions.TrustedCaCrlFile)} '{crlPath}' cannot be used: {ex.Message}");
            }
        }

        return new TrustedIssuer(authority, rules, revocations);
    }
}

/// <summary>What a resource asks of the certificate presented.</summary>
public enum AccessRequirement
{
    /// <summary>Public: never asks for a certificate.</summary>
    None,

    /// <summary>Any valid certificate that is not denied or banned (registration, linking).</summary>
    Certificate,

    /// <summary>A certificate linked to an account (the account's own pages).</summary>
    Account,

    Registered,
    AllowListed,
    Admin,
}
