using System.Security.Cryptography.X509Certificates;

namespace GeminiWiki.Domain.Access;

/// <summary>
/// A CA whose client certificates count as allow-listed. The signature is checked with a chain
/// built against this CA alone; the subject text of a certificate never counts by itself.
/// </summary>
public sealed class TrustedIssuer : IDisposable
{
    private readonly X509Certificate2 _authority;
    private readonly IReadOnlyList<SubjectRule> _rules;

    public TrustedIssuer(X509Certificate2 authority, string? requiredSubject = null)
        : this(authority, string.IsNullOrWhiteSpace(requiredSubject) ? [] : [SubjectRule.Parse(requiredSubject)], null)
    {
    }

    public TrustedIssuer(X509Certificate2 authority, IReadOnlyList<SubjectRule> rules, RevocationListFile? revocations)
    {
        _authority = authority;
        _rules = rules;
        Revocations = revocations;
    }

    public string Subject => _authority.Subject;

    /// <summary>The public CA certificate, for reading its CRL.</summary>
    public X509Certificate2 Authority => _authority;

    public RevocationListFile? Revocations { get; }

    /// <summary>Loads a CA certificate from a PEM or DER file.</summary>
    public static TrustedIssuer Load(string path, string? requiredSubject) => new(LoadCertificate(path), requiredSubject);

    public static X509Certificate2 LoadCertificate(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificate(bytes);
    }

    /// <summary>
    /// True when the CA's CRL lists <paramref name="certificate"/>: its issuer is the CA and its
    /// serial number is on the list. No signature check is needed to refuse someone.
    /// </summary>
    public bool Revokes(X509Certificate2 certificate) =>
        Revocations is { } revocations
        && certificate.IssuerName.RawData.AsSpan().SequenceEqual(_authority.SubjectName.RawData)
        && revocations.Current.Lists(certificate.SerialNumber);

    /// <summary>True when the CA signed <paramref name="certificate"/> (valid at <paramref name="now"/>) and every subject rule matches.</summary>
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

        return _rules.All(rule => rule.Matches(certificate.SubjectName));
    }

    public void Dispose() => _authority.Dispose();
}

/// <summary>One attribute a trusted CA's certificate must carry in its subject, such as O=Example.</summary>
public sealed record SubjectRule(string Attribute, string Value)
{
    public static SubjectRule Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new FormatException($"'{text}' is not an attribute such as O=Example.");
        }

        return new SubjectRule(text[..equals].Trim(), text[(equals + 1)..].Trim());
    }

    public bool Matches(X500DistinguishedName subject)
    {
        foreach (var rdn in subject.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                continue;
            }

            var type = rdn.GetSingleElementType();
            var named = string.Equals(type.FriendlyName, Attribute, StringComparison.OrdinalIgnoreCase)
                || string.Equals(type.Value, Attribute, StringComparison.Ordinal);
            if (named && string.Equals(rdn.GetSingleElementValue(), Value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"{Attribute}={Value}";
}
