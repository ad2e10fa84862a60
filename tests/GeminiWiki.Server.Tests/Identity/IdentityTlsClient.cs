using System.Net;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Server.Tests.Support;

namespace GeminiWiki.Server.Tests.Identity;

/// <summary>What a Gemini client sees: the status, the meta line and the body as text.</summary>
internal sealed record GeminiReply(int Status, string Meta, string Body)
{
    public override string ToString() => $"{Status} {Meta}\n{Body}";
}

/// <summary>The shared test client, with the body as text as the identity tests read it.</summary>
internal static class IdentityTlsClient
{
    public static async Task<GeminiReply> RequestAsync(IPEndPoint server, string url, X509Certificate2? certificate)
    {
        var reply = await GeminiTestClient.RequestAsync(server.Port, url + "\r\n", certificate);
        return new GeminiReply(reply.Status, reply.Meta, reply.Text);
    }
}

/// <summary>Client certificates as Gemini clients make them (see <see cref="TestCertificates"/>).</summary>
internal static class ClientCertificates
{
    public static X509Certificate2 Create(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        TestCertificates.Create(commonName, notBefore, notAfter);

    public static X509Certificate2 Valid(string commonName) =>
        TestCertificates.Create(commonName, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
}
