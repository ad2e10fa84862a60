using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GeminiWiki.Testing;

/// <summary>
/// A Gemini and Titan client for one server, with or without a client certificate: every request
/// is a fresh TLS connection, as Gemini clients make them. Built on <see cref="GeminiTestClient"/>.
/// </summary>
public sealed class TestClient(int port, X509Certificate2? certificate = null)
{
    public TestClient(IPEndPoint server, X509Certificate2? certificate = null)
        : this(server.Port, certificate)
    {
    }

    public int Port { get; } = port;

    public string Base => $"gemini://localhost:{Port}";

    /// <summary>Requests <paramref name="pathAndQuery"/> (already encoded) on this server.</summary>
    public Task<GeminiReply> GetAsync(string pathAndQuery) => SendAsync($"{Base}{pathAndQuery}", null);

    /// <summary>Uploads <paramref name="text"/> with Titan to /raw/&lt;encodedName&gt;.</summary>
    public Task<GeminiReply> UploadAsync(string encodedName, string text, string mime = "text/gemini")
    {
        var body = Encoding.UTF8.GetBytes(text);
        return SendAsync($"titan://localhost:{Port}/raw/{encodedName};size={body.Length};mime={mime}", body);
    }

    /// <summary>
    /// Sends a request line and then <paramref name="body"/> (if any); with <paramref name="closeAfterBody"/>
    /// the client sends close_notify right after, as a client does that gives up mid-upload.
    /// Reads until the server closes.
    /// </summary>
    public Task<GeminiReply> SendAsync(string requestLine, byte[]? body, bool closeAfterBody = false) =>
        GeminiTestClient.RequestAsync(Port, requestLine + "\r\n", certificate, body: body, closeAfterBody: closeAfterBody);
}
