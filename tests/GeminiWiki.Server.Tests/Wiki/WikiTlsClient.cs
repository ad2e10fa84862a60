using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GeminiWiki.Server.Tests.Wiki;

/// <summary>A response as a client sees it: the header line split into code and meta, and the body.</summary>
public sealed record WikiReply(int Code, string Meta, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>A minimal Gemini/Titan client over real TLS, with or without a client certificate (the wiki tests' own).</summary>
public sealed class WikiTlsClient(int port, X509Certificate2? certificate = null)
{
    public int Port { get; } = port;

    public string Base => $"gemini://localhost:{Port}";

    public Task<WikiReply> GetAsync(string pathAndQuery) => SendAsync($"gemini://localhost:{Port}{pathAndQuery}", null);

    /// <summary>Uploads <paramref name="text"/> to /raw/&lt;encodedName&gt;.</summary>
    public Task<WikiReply> UploadAsync(string encodedName, string text, string mime = "text/gemini")
    {
        var body = Encoding.UTF8.GetBytes(text);
        return SendAsync($"titan://localhost:{Port}/raw/{encodedName};size={body.Length};mime={mime}", body);
    }

    /// <summary>
    /// Sends a request line and then <paramref name="body"/> (if any); with <paramref name="closeAfterBody"/>
    /// the client sends close_notify right after, as a client does that gives up mid-upload.
    /// Reads until the server closes.
    /// </summary>
    public async Task<WikiReply> SendAsync(string requestLine, byte[]? body, bool closeAfterBody = false)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
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
        var line = Encoding.UTF8.GetBytes(requestLine + "\r\n");
        var message = body is null ? line : [.. line, .. body];
        await tls.WriteAsync(message);
        await tls.FlushAsync();
        if (closeAfterBody)
        {
            await tls.ShutdownAsync();
        }

        using var received = new MemoryStream();
        try
        {
            await tls.CopyToAsync(received);
        }
        catch (IOException) when (received.Length > 0)
        {
            // The server may reset after its response; what arrived is the answer.
        }

        return Parse(received.ToArray());
    }

    public static WikiReply Parse(byte[] response)
    {
        var end = Array.IndexOf(response, (byte)'\n');
        if (end < 1 || response[end - 1] != '\r')
        {
            throw new InvalidDataException("No response header: " + Encoding.UTF8.GetString(response));
        }

        var header = Encoding.UTF8.GetString(response, 0, end - 1);
        return new WikiReply(int.Parse(header[..2], System.Globalization.CultureInfo.InvariantCulture), header.Length > 3 ? header[3..] : string.Empty, response[(end + 1)..]);
    }

    /// <summary>A self-signed ECDSA P-256 client certificate with its private key usable by SslStream on Linux.</summary>
    public static X509Certificate2 CreateCertificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
