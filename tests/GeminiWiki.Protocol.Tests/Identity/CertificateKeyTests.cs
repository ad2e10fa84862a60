using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Protocol.Identity;

namespace GeminiWiki.Protocol.Tests.Identity;

public sealed class CertificateKeyTests
{
    // A self-signed DSA 2048 certificate: .NET cannot sign with DSA, so this one was made with openssl.
    private const string DsaCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIEWDCCBAWgAwIBAgIUAfGpeoMe/IV7To4e1PdIN8y+NHYwCwYJYIZIAWUDBAMC
        MA4xDDAKBgNVBAMMA2RzYTAgFw0yNjEyMDQxMzQxMDJaGA8yMTI2MTExMDEzNDEw
        MlowDjEMMAoGA1UEAwwDZHNhMIIDQjCCAjUGByqGSM44BAEwggIoAoIBAQDKFPSn
        TWLsuQss6z5ewJ8CtZfldBfXWKzsrwBFAcHxd1JgzkTocUgr7mjepB/dVNg25TeL
        PODhhR1FZJj53FTEMTgJK31MIgaTgQPNt6bTfkgE6xOQ/U+AS5YRE99Jux3K5nWO
        XlyGY73NoOD+KV0y1OAmbmzuWqiX7X/Fx4TV9ijrM6rGckPb5UBIxMRZjz/Uv9LI
        J03IKRC5tujWZpdxcXpFgRaTni17jaImATLHjxQRX3QtOcMJpKtp79ulPKZUbgOr
        br4UAD4s7FXOs8t4hl3yulneY6P86ybjrCCGWr0caK2c+gT4wULSAvrtmRI36L4Y
        /DOkcNt9YcVZcRw1Ah0A9Z9Mco2N4raZiq8R1YgZSz1/KeeE+TbT4pQxmQKCAQBi
        XvtgFfbdvxQ3LiHXqlQAANTkxbPngHir24ohILWullVtt60pGR3Izm/TBsb9DyWw
        TSwXe1nXgc7sdMWmohvrRbTvHGRukC/oWi9rQqL/gY+0l2IPZEnI74M9V4l6DCcu
        eNzmtCbjI54z/64PtslUFXgx82QVxGncrPRSzGT4wLwuP9SyCb+QnbzKjdlXrzTZ
        a4hGAj+yrF6/q3Gr3BdS6AQDnTWh8FB4V0rp0GqVgMm3FPuF8+ZLbP6Qc5o6maED
        uxOaj4fgHkLCLO6aWxDF+ZMd40i54nxGR4qGEwSKE+KqKggXv47ZZbceiERzcS6Z
        XcnOF5V4MXab/AtGqLofA4IBBQACggEAZ5R50LEc8hvaRQlTDp/1qwBbKqmD8Al8
        Vx7Ao/QC8z7L7bWJdLntpirshmlIh0vChXUPttHJ0m/N6L/pYe5Xzr3S3ZErkXsV
        7St9F43qvVL1sRzU0NQPLq4pLs/zwqeOw2ugx4riQLD3Nkys9woJL3tXcJyZnxhG
        n6iZj7B1aEAvpmeRVhrbqgsimJ+d9phqFwJyDvaJyCCn2IrSNETRlKFZUo/0xq98
        L26QZsBSJsfZcj4xDhrROhhsyp4PcS8nrP594VmoWN6hJFHpzMswrc02/1DjlEgy
        W9bjXBgGegC051Y1i8TUCeHRCf438qfRvRlvoGI/jyoGiHpeLSxzfaNTMFEwHQYD
        VR0OBBYEFKucOqMVxQFJWV3yOudGCeA6ESvfMB8GA1UdIwQYMBaAFKucOqMVxQFJ
        WV3yOudGCeA6ESvfMA8GA1UdEwEB/wQFMAMBAf8wCwYJYIZIAWUDBAMCA0AAMD0C
        HExUW22saeUbrCNBi0vNdfRK46Px3ujMplXFYmMCHQDYt9EE9j/By3XqjLrDGG3W
        fxJmldIBr/Gw1lGq
        -----END CERTIFICATE-----
        """;

    [Theory]
    [InlineData(512, true)]
    [InlineData(1024, true)]
    [InlineData(2048, false)]
    [InlineData(3072, false)]
    public void Rsa_keys_below_2048_bits_are_too_weak(int bits, bool tooWeak)
    {
        using var key = RSA.Create(bits);
        using var certificate = new CertificateRequest("CN=rsa", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var read = ClientCertificate.From(certificate).Key;

        Assert.Equal(new CertificateKey(KeyAlgorithm.Rsa, bits), read);
        Assert.Equal(tooWeak, read!.IsTooWeak);
        Assert.Equal($"RSA {bits} bits", read.Description);
    }

    [Theory]
    [InlineData("secp224r1", 224, true)]
    [InlineData("nistP256", 256, false)]
    [InlineData("nistP384", 384, false)]
    [InlineData("nistP521", 521, false)]
    public void Elliptic_curves_below_P256_are_too_weak(string curve, int bits, bool tooWeak)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        using var certificate = new CertificateRequest("CN=ec", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var read = ClientCertificate.From(certificate).Key;

        Assert.Equal(new CertificateKey(KeyAlgorithm.EllipticCurve, bits), read);
        Assert.Equal(tooWeak, read!.IsTooWeak);
    }

    [Fact]
    public void Dsa_is_too_weak_whatever_its_size()
    {
        using var certificate = X509Certificate2.CreateFromPem(DsaCertificate);

        var read = ClientCertificate.From(certificate).Key;

        Assert.Equal(KeyAlgorithm.Dsa, read!.Algorithm);
        Assert.True(read.IsTooWeak);
    }
}
