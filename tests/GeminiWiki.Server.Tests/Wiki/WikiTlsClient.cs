using System.Security.Cryptography.X509Certificates;
using System.Text;
using GeminiWiki.Server.Tests.Support;

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
        var reply = await GeminiTestClient.RequestAsync(Port, requestLine + "\r\n", certificate, body: body, closeAfterBody: closeAfterBody);
        if (reply.Status == 0)
        {
            throw new InvalidDataException("No response header: " + reply.Meta);
        }

        return new WikiReply(reply.Status, reply.Meta, reply.Body);
    }

    /// <summary>A self-signed ECDSA P-256 client certificate (see <see cref="TestCertificates"/>).</summary>
    public static X509Certificate2 CreateCertificate(string name) => TestCertificates.Create(name);
}
