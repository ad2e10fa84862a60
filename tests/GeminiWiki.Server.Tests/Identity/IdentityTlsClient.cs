using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GeminiWiki.Server.Tests.Identity;

/// <summary>What a Gemini client sees: the status, the meta line and the body.</summary>
internal sealed record GeminiReply(int Status, string Meta, string Body)
{
    public override string ToString() => $"{Status} {Meta}\n{Body}";
}

/// <summary>
/// A minimal Gemini client over real TLS that presents a client certificate the way Gemini clients
/// do: always the one it was given, whatever the server's acceptable-issuer list says.
/// </summary>
internal static class IdentityTlsClient
{
    public static async Task<GeminiReply> RequestAsync(IPEndPoint server, string url, X509Certificate2? certificate)
    {
        using var tcp = new TcpClient(server.AddressFamily);
        await tcp.ConnectAsync(server);
        await using var tls = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };
        if (certificate is not null)
        {
            options.ClientCertificates = [certificate];
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        await tls.AuthenticateAsClientAsync(options);
        await tls.WriteAsync(Encoding.UTF8.GetBytes(url + "\r\n"));
        using var received = new MemoryStream();
        await tls.CopyToAsync(received);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var headerEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        var header = headerEnd < 0 ? text : text[..headerEnd];
        var body = headerEnd < 0 ? string.Empty : text[(headerEnd + 2)..];
        return new GeminiReply(int.Parse(header[..2], System.Globalization.CultureInfo.InvariantCulture), header.Length > 3 ? header[3..] : string.Empty, body);
    }
}

/// <summary>Client certificates as Gemini clients make them: self-signed ECDSA P-256.</summary>
internal static class ClientCertificates
{
    public static X509Certificate2 Create(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        using var ephemeral = request.CreateSelfSigned(notBefore, notAfter);

        // On Linux an ephemeral key cannot be used for a TLS client; a PKCS#12 round trip fixes that.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    public static X509Certificate2 Valid(string commonName) =>
        Create(commonName, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
}
