using System.Security.Cryptography.X509Certificates;

namespace GeminiWiki.Domain.Access;

/// <summary>
/// A CA whose client certificates count as allow-listed. The signature is checked with a chain
/// built against this CA alone; the subject text of a certificate never counts by itself.
/// </summary>
public sealed class TrustedIssuer : IDisposable
{
    private readonly X509Certificate2 _authority;
    private readonly string? _attribute;
    private readonly string? _value;

    public TrustedIssuer(X509Certificate2 authority, string? requiredSubject = null)
    {
        _authority = authority;
        if (!string.IsNullOrWhiteSpace(requiredSubject))
        {
            var equals = requiredSubject.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"'{requiredSubject}' is not an attribute such as O=Example.");
            }

            _attribute = requiredSubject[..equals].Trim();
            _value = requiredSubject[(equals + 1)..].Trim();
        }
    }

    public string Subject => _authority.Subject;

    /// <summary>Loads a CA certificate from a PEM or DER file.</summary>
    public static TrustedIssuer Load(string path, string? requiredSubject)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        var certificate = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificate(bytes);
        return new TrustedIssuer(certificate, requiredSubject);
    }

    /// <summary>True when the CA signed <paramref name="certificate"/> (valid at <paramref name="now"/>) and the required attribute matches.</summary>
    public bool Vouches(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (certificate.RawDataMemory.Span.SequenceEqual(_authority.RawDataMemory.Span))
        {
            return false;
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(_authority);
        // A hostile certificate must not make the server connect anywhere (AIA, CRL, OCSP).
        policy.DisableCertificateDownloads = true;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationTime = now.UtcDateTime;
        if (!chain.Build(certificate) || chain.ChainElements.Count < 2)
        {
            return false;
        }

        var root = chain.ChainElements[^1].Certificate;
        if (!root.RawDataMemory.Span.SequenceEqual(_authority.RawDataMemory.Span))
        {
            return false;
        }

        return _attribute is null || HasAttribute(certificate);
    }

    private bool HasAttribute(X509Certificate2 certificate)
    {
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                continue;
            }

            var type = rdn.GetSingleElementType();
            var named = string.Equals(type.FriendlyName, _attribute, StringComparison.OrdinalIgnoreCase)
                || string.Equals(type.Value, _attribute, StringComparison.Ordinal);
            if (named && string.Equals(rdn.GetSingleElementValue(), _value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _authority.Dispose();
}
