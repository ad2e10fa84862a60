using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

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

    public override string ToString() => Hex ?? string.Empty;
}
