using GeminiWiki.Domain.Identity;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Access;

/// <summary>How far a presented certificate identifies someone.</summary>
public enum CertificateStanding
{
    /// <summary>No certificate was presented.</summary>
    None,

    /// <summary>A certificate whose fields cannot be read, whose key is too weak, or one outside its validity period: it identifies no one.</summary>
    Invalid,

    /// <summary>On the deny-list of gemini.json.</summary>
    Denied,

    /// <summary>Revoked by its issuer: the wiki's CA, or the CRL of a trusted CA.</summary>
    Revoked,

    /// <summary>Linked to a banned account.</summary>
    Banned,

    /// <summary>A valid certificate in good standing (with or without an account).</summary>
    Valid,
}

/// <summary>
/// Who is asking, identified once per request: the certificate's fingerprint (if any) and the
/// account it is linked to (if any). Edits are attributed with <see cref="AuthorLabel"/>.
/// </summary>
public sealed record Visitor(Fingerprint? Fingerprint, string? AccountName, bool IsAdmin)
{
    public static readonly Visitor Anonymous = new(null, null, false);

    public CertificateStanding Standing { get; init; } = Fingerprint is null ? CertificateStanding.None : CertificateStanding.Valid;

    /// <summary>The certificate as presented; null when none was.</summary>
    public ClientCertificate? Client { get; init; }

    /// <summary>The certificate's readable details; null when none was presented or it could not be read.</summary>
    public CertificateDetails? Certificate { get; init; }

    /// <summary>The account the certificate is linked to, whatever its standing (a banned account too).</summary>
    public Account? Account { get; init; }

    /// <summary>For <see cref="CertificateStanding.Invalid"/>: the 62 that says why.</summary>
    public GeminiResponse? Problem { get; init; }

    public bool HasCertificate => Fingerprint is not null;

    /// <summary>The account name, or the short fingerprint where the policy lets an allow-listed fingerprint edit without an account.</summary>
    public string AuthorLabel => AccountName ?? (Fingerprint is { } f ? f.Short : "anonymous");
}
