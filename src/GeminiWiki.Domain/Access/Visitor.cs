using GeminiWiki.Domain.Identity;

namespace GeminiWiki.Domain.Access;

/// <summary>
/// Who is asking: the fingerprint of the certificate presented (if any) and the account it is
/// linked to (if any). Edits are attributed with <see cref="AuthorLabel"/>.
/// </summary>
public sealed record Visitor(Fingerprint? Fingerprint, string? AccountName, bool IsAdmin)
{
    public static readonly Visitor Anonymous = new(null, null, false);

    public bool HasCertificate => Fingerprint is not null;

    /// <summary>The account name, or the short fingerprint where the policy lets an allow-listed fingerprint edit without an account.</summary>
    public string AuthorLabel => AccountName ?? (Fingerprint is { } f ? f.Short : "anonymous");
}
