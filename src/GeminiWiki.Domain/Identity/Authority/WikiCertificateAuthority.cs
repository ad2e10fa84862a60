using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;

namespace GeminiWiki.Domain.Identity.Authority;

/// <summary>
/// The wiki's own CA: an ECDSA P-256 key and a self-signed CA certificate kept as PEM in the
/// certificate folder. It signs the client certificates the `issue` command makes and the CRL
/// published at /ca.crl. Certificates it signed are recognised by their signature, through a
/// <see cref="TrustedIssuer"/> built from the public certificate only.
/// </summary>
public sealed class WikiCertificateAuthority : IDisposable
{
    public const string CertificateFileName = "ca.crt";
    public const string KeyFileName = "ca.key";

    private static readonly TimeSpan Validity = TimeSpan.FromDays(365 * 20);

    // A client whose clock runs a little behind must not find a fresh certificate "not valid yet".
    private static readonly TimeSpan BackdateBy = TimeSpan.FromHours(1);

    // The CRL says when to fetch it again; revocation applies at the wiki itself from the next request.
    private static readonly TimeSpan CrlLifetime = TimeSpan.FromDays(7);

    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2 _signer;

    private WikiCertificateAuthority(X509Certificate2 signer)
    {
        _signer = signer;
        CertificateDer = signer.RawData;
        Fingerprint = Fingerprint.Of(signer);
        Issuer = new TrustedIssuer(X509CertificateLoader.LoadCertificate(CertificateDer));
    }

    public string Subject => _signer.Subject;

    public Fingerprint Fingerprint { get; }

    public DateTimeOffset NotAfter => new(_signer.NotAfter.ToUniversalTime());

    /// <summary>The CA certificate, DER encoded, as served at /ca.crt.</summary>
    public byte[] CertificateDer { get; }

    /// <summary>Checks signatures against the public CA certificate.</summary>
    public TrustedIssuer Issuer { get; }

    /// <summary>The CA in <paramref name="directory"/>; null when none was created yet.</summary>
    public static WikiCertificateAuthority? TryLoad(string directory)
    {
        var certPath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        var hasCertificate = File.Exists(certPath);
        if (!hasCertificate && !File.Exists(keyPath))
        {
            return null;
        }

        if (!hasCertificate || !File.Exists(keyPath))
        {
            // Half a pair: a new CA would silently orphan every certificate the old one issued.
            throw new InvalidDataException($"Found only one of '{certPath}' and '{keyPath}'. Restore the missing file, or move both away to create a new CA.");
        }

        try
        {
            return new WikiCertificateAuthority(X509Certificate2.CreateFromPemFile(certPath, keyPath));
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"Cannot load the wiki CA '{certPath}' with key '{keyPath}': {ex.Message}", ex);
        }
    }

    /// <summary>Creates the CA in <paramref name="directory"/>: key first (owner-only), certificate last, never overwriting.</summary>
    public static WikiCertificateAuthority Create(string directory, string hostname, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName($"{hostname} wiki CA");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(now - BackdateBy, now + Validity);

        OwnerOnlyFile.WriteNew(Path.Combine(directory, KeyFileName), key.ExportPkcs8PrivateKeyPem(), ownerOnly: true);
        OwnerOnlyFile.WriteNew(Path.Combine(directory, CertificateFileName), certificate.ExportCertificatePem(), ownerOnly: false);
        return TryLoad(directory)!;
    }

    /// <summary>
    /// A new key and a client certificate for <paramref name="account"/> (CN = the account name),
    /// valid for <paramref name="days"/> but never beyond the CA itself. The result carries its private key.
    /// </summary>
    public X509Certificate2 Issue(AccountName account, int days, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(account.Value);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthentication)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_signer, true, false));

        var notAfter = now.AddDays(days);
        if (notAfter > NotAfter)
        {
            notAfter = NotAfter;
        }

        using var signed = request.Create(_signer, now - BackdateBy, notAfter, NewSerial());
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>A CRL listing <paramref name="revoked"/>, signed by the CA; <paramref name="number"/> must grow with every change.</summary>
    public byte[] BuildCrl(IEnumerable<(string Serial, DateTimeOffset Revoked)> revoked, BigInteger number, DateTimeOffset now)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var (serial, when) in revoked)
        {
            builder.AddEntry(Convert.FromHexString(serial), when, X509RevocationReason.Unspecified);
        }

        return builder.Build(_signer, number, now + CrlLifetime, HashAlgorithmName.SHA256, thisUpdate: now);
    }

    /// <summary>Serial numbers as compared everywhere: upper-case hex without leading zero bytes.</summary>
    public static string NormalizeSerial(string hex)
    {
        var upper = hex.Trim().Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        while (upper.Length > 2 && upper.StartsWith("00", StringComparison.Ordinal))
        {
            upper = upper[2..];
        }

        return upper;
    }

    // 16 random bytes with the top bit clear: positive, unguessable and unique in practice (RFC 5280 allows 20).
    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    public void Dispose()
    {
        _signer.Dispose();
        Issuer.Dispose();
    }
}
