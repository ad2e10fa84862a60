using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Protocol.Identity;

namespace GeminiWiki.Domain.Identity;

/// <summary>
/// A person's identity: the SHA-256 of their certificate's DER bytes, held in one canonical form
/// (64 lower-case hex digits). Never the SHA-1 Thumbprint or GetCertHash().
/// </summary>
public readonly record struct Fingerprint
{
    private Fingerprint(string hex) => Hex = hex;

    /// <summary>The canonical form: 64 lower-case hex digits.</summary>
    public string Hex { get; }

    /// <summary>A short form for logs and pages: the first 16 hex digits.</summary>
    public string Short => Hex[..16];

    public static Fingerprint Of(X509Certificate2 certificate) => Of(certificate.RawDataMemory.Span);

    /// <summary>The fingerprint the connection computed at the handshake, without hashing again.</summary>
    public static Fingerprint Of(ClientCertificate client) => new(client.Sha256);

    public static Fingerprint Of(ReadOnlySpan<byte> derBytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(derBytes, hash);
        return new Fingerprint(Convert.ToHexStringLower(hash));
    }

    /// <summary>Builds a fingerprint from 32 raw hash bytes.</summary>
    public static Fingerprint FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("A SHA-256 fingerprint is 32 bytes.", nameof(sha256));
        }

        return new Fingerprint(Convert.ToHexStringLower(sha256));
    }

    /// <summary>Accepts only the canonical form (64 lower- or upper-case hex digits).</summary>
    public static bool TryParseCanonical(string? text, out Fingerprint fingerprint)
    {
        fingerprint = default;
        if (text is null || text.Length != 64 || text.AsSpan().ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            return false;
        }

        fingerprint = new Fingerprint(text.ToLowerInvariant());
        return true;
    }

    /// <summary>
    /// Accepts every form people paste from other servers and tools: canonical hex in either case,
    /// <c>sha256$hex</c> (Phoebe), <c>SHA256:HEX</c> (Jetforce), colon-separated openssl output with or
    /// without its <c>SHA256 Fingerprint=</c> prefix, and standard or url-safe base64 of the 32 bytes.
    /// </summary>
    public static bool TryParse(string? text, out Fingerprint fingerprint)
    {
        fingerprint = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        foreach (var prefix in KnownPrefixes)
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[prefix.Length..].Trim();
                break;
            }
        }

        if (value.Contains(':'))
        {
            // openssl: 32 groups of two hex digits. Anything else with colons is not a fingerprint.
            var groups = value.Split(':');
            if (groups.Length != SHA256.HashSizeInBytes || groups.Any(g => g.Length != 2))
            {
                return false;
            }

            value = string.Concat(groups);
        }

        if (TryParseCanonical(value, out fingerprint))
        {
            return true;
        }

        return TryParseBase64(value, out fingerprint);
    }

    private static readonly string[] KnownPrefixes = ["sha256 fingerprint=", "sha256$", "sha256:", "sha256="];

    private static bool TryParseBase64(string value, out Fingerprint fingerprint)
    {
        fingerprint = default;

        // 32 bytes are 43 base64 characters, plus one '=' when padded.
        var unpadded = value.TrimEnd('=');
        if (unpadded.Length != 43 || value.Length - unpadded.Length > 1)
        {
            return false;
        }

        var standard = unpadded.Replace('-', '+').Replace('_', '/') + "=";
        Span<byte> bytes = stackalloc byte[33];
        if (!Convert.TryFromBase64String(standard, bytes, out var written) || written != SHA256.HashSizeInBytes)
        {
            return false;
        }

        fingerprint = FromHash(bytes[..written]);
        return true;
    }

    /// <summary>The url-safe base64 form without padding (what some clients show).</summary>
    public string ToBase64Url() =>
        Convert.ToBase64String(Convert.FromHexString(Hex)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public override string ToString() => Hex ?? string.Empty;
}
