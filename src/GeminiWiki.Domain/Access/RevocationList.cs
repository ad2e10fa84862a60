using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Identity.Authority;

namespace GeminiWiki.Domain.Access;

/// <summary>
/// The serial numbers on a CRL (RFC 5280 CertificateList), read only after its signature was
/// checked against the CA that is supposed to have issued it: a CRL anyone could write would
/// let them lock people out.
/// </summary>
public sealed class RevocationList
{
    private readonly HashSet<string> _serials;

    private RevocationList(HashSet<string> serials) => _serials = serials;

    public int Count => _serials.Count;

    /// <summary>True when <paramref name="serialNumber"/> (hex, as X509Certificate2.SerialNumber gives it) is listed.</summary>
    public bool Lists(string serialNumber) => _serials.Contains(WikiCertificateAuthority.NormalizeSerial(serialNumber));

    /// <summary>Reads a PEM ("X509 CRL") or DER CRL; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static RevocationList Read(ReadOnlySpan<byte> bytes, X509Certificate2 authority)
    {
        var der = bytes.ToArray();
        var text = System.Text.Encoding.ASCII.GetString(der);
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            if (!PemEncoding.TryFind(text, out var fields) || !text[fields.Label].Equals("X509 CRL", StringComparison.Ordinal))
            {
                throw new InvalidDataException("the PEM file holds no \"X509 CRL\" block.");
            }

            der = Convert.FromBase64String(text[fields.Base64Data]);
        }

        try
        {
            return Parse(der, authority);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or FormatException)
        {
            throw new InvalidDataException($"it is not a CRL ({ex.Message}).", ex);
        }
    }

    private static RevocationList Parse(byte[] der, X509Certificate2 authority)
    {
        var list = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbsBytes = list.PeekEncodedValue().ToArray();
        var tbs = list.ReadSequence();
        var algorithm = list.ReadSequence();
        var signatureOid = algorithm.ReadObjectIdentifier();
        var signature = list.ReadBitString(out _);

        if (!Verify(authority, signatureOid, tbsBytes, signature))
        {
            throw new InvalidDataException($"its signature does not verify with the CA {authority.Subject}.");
        }

        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            tbs.ReadInteger();
        }

        tbs.ReadSequence();
        var issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
        if (!issuer.RawData.AsSpan().SequenceEqual(authority.SubjectName.RawData))
        {
            throw new InvalidDataException($"it was issued by {issuer.Name}, not by the CA {authority.Subject}.");
        }

        tbs.ReadEncodedValue(); // thisUpdate
        var serials = new HashSet<string>(StringComparer.Ordinal);
        if (tbs.HasData && IsTime(tbs.PeekTag()))
        {
            tbs.ReadEncodedValue(); // nextUpdate
        }

        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                var entry = entries.ReadSequence();
                serials.Add(WikiCertificateAuthority.NormalizeSerial(Convert.ToHexString(entry.ReadIntegerBytes().Span)));
            }
        }

        return new RevocationList(serials);
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static bool Verify(X509Certificate2 authority, string oid, byte[] signed, byte[] signature)
    {
        var hash = oid switch
        {
            "1.2.840.10045.4.3.2" or "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
            "1.2.840.10045.4.3.3" or "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
            "1.2.840.10045.4.3.4" or "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
            _ => throw new InvalidDataException($"its signature algorithm {oid} is not supported (use ECDSA or RSA with SHA-256, -384 or -512)."),
        };

        using var ecdsa = authority.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            return oid.StartsWith("1.2.840.10045", StringComparison.Ordinal)
                && ecdsa.VerifyData(signed, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = authority.GetRSAPublicKey();
        return rsa is not null && oid.StartsWith("1.2.840.113549", StringComparison.Ordinal)
            && rsa.VerifyData(signed, signature, hash, RSASignaturePadding.Pkcs1);
    }
}

/// <summary>
/// A CRL file that is read again when it changes (its time stamp or length), checked when a
/// certificate of its CA arrives. A replacement that cannot be read leaves the last good list in force.
/// </summary>
public sealed class RevocationListFile
{
    private readonly string _path;
    private readonly X509Certificate2 _authority;
    private volatile Snapshot _current;

    private RevocationListFile(string path, X509Certificate2 authority, Snapshot first)
    {
        _path = path;
        _authority = authority;
        _current = first;
    }

    public string Path => _path;

    /// <summary>Why the file's current content is not in force (the last good list is); null when it is.</summary>
    public string? Problem => _current.Problem;

    /// <summary>Reads the file now; throws <see cref="InvalidDataException"/> or <see cref="IOException"/> when it cannot be used.</summary>
    public static RevocationListFile Load(string path, X509Certificate2 authority)
    {
        var stamp = Stamp(path);
        return new RevocationListFile(path, authority, new Snapshot(stamp, RevocationList.Read(File.ReadAllBytes(path), authority), null));
    }

    public RevocationList Current
    {
        get
        {
            var current = _current;
            var stamp = Stamp(_path);
            if (stamp == current.Stamp)
            {
                return current.List;
            }

            try
            {
                var list = RevocationList.Read(File.ReadAllBytes(_path), _authority);
                _current = new Snapshot(stamp, list, null);
                return list;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // Remembered as seen, so a bad file is not read again on every request until it changes.
                _current = current with { Stamp = stamp, Problem = stamp.Item2 < 0 ? "The file is missing." : $"The file written {RefusalMessages.Format(new DateTimeOffset(stamp.Item1, TimeSpan.Zero))}: {ex.Message}" };
                return current.List;
            }
        }
    }

    private static (DateTime, long) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    private sealed record Snapshot((DateTime, long) Stamp, RevocationList List, string? Problem);
}
