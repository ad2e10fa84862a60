using System.Security.Authentication;
using GeminiWiki.Server.Tests.Support;

namespace GeminiWiki.Server.Tests;

public sealed class TlsOptionsTests
{
    [Fact]
    public async Task RequireTls13_refuses_TLS_12_clients_and_serves_TLS_13()
    {
        await using var server = await TestServer.StartAsync(settings: [("Gemini:RequireTls13", "true")]);

        // The handshake itself fails: the server answers a TLS 1.2 hello with an alert, never a response.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            GeminiTestClient.RequestAsync(server.Port, server.Url("/") + "\r\n", protocols: SslProtocols.Tls12));
        Assert.True(refused is AuthenticationException or IOException, $"expected a failed handshake, got {refused.GetType().Name}: {refused.Message}");
        var reply = await GeminiTestClient.RequestAsync(server.Port, server.Url("/") + "\r\n", protocols: SslProtocols.Tls13);

        Assert.Equal(20, reply.Status);
    }
}
