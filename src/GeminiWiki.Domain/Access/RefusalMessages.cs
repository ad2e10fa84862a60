using System.Globalization;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Access;

/// <summary>The 60/61/62 answers, each saying what happened and what to do next.</summary>
public static class RefusalMessages
{
    public static readonly GeminiResponse CertificateRequired = GeminiResponse.CertificateRequired(
        "This page needs a client certificate. Create one in your Gemini client (any name will do), " +
        "activate it for this whole capsule rather than this page only, then try again.");

    public static GeminiResponse Unreadable { get; } = GeminiResponse.CertificateNotValid(
        "Your certificate could not be read. Create a new certificate in your Gemini client and try again.");

    /// <summary>Null when the key is strong enough to identify someone; otherwise the 62 to send.</summary>
    public static GeminiResponse? CheckKey(CertificateKey? key) =>
        key is { IsTooWeak: true }
            ? GeminiResponse.CertificateNotValid(
                $"Your certificate's key ({key.Description}) is too weak to identify you. Create a new certificate " +
                $"with an EC P-256 key (or RSA of at least {CertificateKey.MinimumRsaBits} bits) and use it here.")
            : null;

    /// <summary>Null when the certificate is within its validity period at <paramref name="now"/>; otherwise the 62 to send.</summary>
    public static GeminiResponse? CheckValidity(CertificateDetails certificate, DateTimeOffset now)
    {
        var period = $"(valid from {Format(certificate.NotBefore)} to {Format(certificate.NotAfter)})";
        if (now > certificate.NotAfter)
        {
            return GeminiResponse.CertificateNotValid(
                $"Your certificate expired on {Format(certificate.NotAfter)} {period}. Create a new certificate and use it here.");
        }

        if (now < certificate.NotBefore)
        {
            return GeminiResponse.CertificateNotValid(
                $"Your certificate is not valid yet: it starts on {Format(certificate.NotBefore)} {period}. Check your clock or create a new certificate.");
        }

        return null;
    }

    public static GeminiResponse For(Refusal refusal, Fingerprint fingerprint, string? accountName) => refusal switch
    {
        Refusal.Denied => GeminiResponse.CertificateNotAuthorised(
            $"Certificate {fingerprint.Short} has been revoked on this capsule. Ask an admin if you think this is a mistake."),
        Refusal.Banned => GeminiResponse.CertificateNotAuthorised(
            $"The account {accountName} (certificate {fingerprint.Short}) is banned from this capsule."),
        Refusal.NotRegistered => GeminiResponse.CertificateNotAuthorised(
            $"Certificate {fingerprint.Short} is not registered here. Register it at {IdentityLinks.Register} (or link it to your account at {IdentityLinks.LinkCertificate})."),
        Refusal.NotAllowListed => GeminiResponse.CertificateNotAuthorised(
            $"Certificate {fingerprint.Short} is not on the allow-list. Ask an admin to allow it: it is listed on their {IdentityLinks.Admin} page, or give them the full fingerprint {fingerprint.Hex}"),
        Refusal.Revoked => GeminiResponse.CertificateNotAuthorised(
            $"Certificate {fingerprint.Short} was revoked by the authority that issued it. Ask an admin of this capsule for a new certificate."),
        Refusal.NotAdmin => GeminiResponse.CertificateNotAuthorised(
            $"Certificate {fingerprint.Short} does not belong to an admin."),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Not a refusal."),
    };

    /// <summary>The warning on /account when the certificate in use expires within <see cref="ExpiryWarning"/>; null when it does not.</summary>
    public static string? ExpiryNotice(CertificateDetails certificate, bool issuedByTheWiki, DateTimeOffset now)
    {
        var left = certificate.NotAfter - now;
        if (left > ExpiryWarning)
        {
            return null;
        }

        var when = $"The certificate you are using expires on {Format(certificate.NotAfter)} (in {Math.Max(0, (int)Math.Floor(left.TotalDays))} days).";
        return issuedByTheWiki
            ? $"{when} It was issued by this wiki: ask an admin for a new one before then (they run `issue` again; your old one keeps working until it expires)."
            : $"{when} Create a new certificate in your client and link it to this account at {IdentityLinks.LinkCertificate} before then.";
    }

    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
