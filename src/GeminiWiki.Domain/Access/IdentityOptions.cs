namespace GeminiWiki.Domain.Access;

/// <summary>Who may read the wiki.</summary>
public enum ReadPolicy
{
    /// <summary>Anyone, with or without a certificate.</summary>
    Public,

    /// <summary>Certificates linked to an account.</summary>
    Registered,

    /// <summary>Allow-listed certificates only (a private wiki).</summary>
    AllowListed,
}

/// <summary>Who may edit the wiki.</summary>
public enum EditPolicy
{
    Registered,
    AllowListed,
    Admins,
}

/// <summary>
/// The "Identity" section of gemini.json. Reloaded while the server runs: policy, admin, allow- and
/// deny-list changes apply to the next request.
/// </summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public ReadPolicy Read { get; set; } = ReadPolicy.Public;

    public EditPolicy Edit { get; set; } = EditPolicy.Registered;

    /// <summary>Fingerprints that are always admins (bootstraps the first admin), in any pasted form.</summary>
    public List<string> AdminFingerprints { get; set; } = [];

    /// <summary>Fingerprints allowed in addition to the allow-list kept in the database.</summary>
    public List<string> AllowList { get; set; } = [];

    /// <summary>Fingerprints refused everywhere they would be identified.</summary>
    public List<string> DenyList { get; set; } = [];

    /// <summary>A CA certificate (PEM or DER); client certificates it signed count as allow-listed.</summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>With <see cref="TrustedCaFile"/>: a subject attribute the certificate must also carry, such as "O=Example".</summary>
    public string? TrustedCaSubject { get; set; }

    /// <summary>With <see cref="TrustedCaFile"/>: subject attributes ("O=Example", "OU=Editors") a certificate must all carry; <see cref="TrustedCaSubject"/> counts as one more.</summary>
    public List<string> SubjectRules { get; set; } = [];

    /// <summary>With <see cref="TrustedCaFile"/>: the CA's CRL (PEM or DER), read again when the file changes; a listed serial is refused as revoked.</summary>
    public string? TrustedCaCrlFile { get; set; }

    /// <summary>Accounts one IP address may create per hour.</summary>
    public int RegistrationsPerIpPerHour { get; set; } = 3;
}
