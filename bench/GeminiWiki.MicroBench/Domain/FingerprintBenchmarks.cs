using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using GeminiWiki.Domain.Identity;

namespace GeminiWiki.MicroBench.Domain;

/// <summary>Fingerprint.Of: the SHA-256 identity of a client certificate, computed on every request that carries one.</summary>
[MemoryDiagnoser]
public class FingerprintBenchmarks
{
    private X509Certificate2? _certificate;
    private byte[] _der = [];

    [GlobalSetup]
    public void Setup()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bench", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        _certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        _der = _certificate.RawData;
    }

    [GlobalCleanup]
    public void Cleanup() => _certificate?.Dispose();

    [Benchmark(Baseline = true)]
    public Fingerprint OfCertificate() => Fingerprint.Of(_certificate!);

    [Benchmark]
    public Fingerprint OfDerBytes() => Fingerprint.Of(_der);

    [Benchmark]
    public bool ParseCanonical() => Fingerprint.TryParseCanonical("3F2A9C0B7D1E4F5A6B8C9D0E1F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C", out _);
}
