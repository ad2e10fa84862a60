using GeminiWiki.Domain.Access;
using System.Security.Authentication;
using System.Security.Cryptography;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiWiki.Server.Tests;

/// <summary>The real listener over real TLS on port 0.</summary>
public sealed class TlsTransportTests : IAsyncLifetime
{
    private readonly EchoRoutes _echo = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(
            settings: [("Gemini:MaxConnectionsPerIp", "200"), ("Gemini:MaxConnections", "400")],
            services: s => s.AddSingleton<IRouteModule<Visitor>>(_echo));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Home_page_is_served_and_ends_with_close_notify(SslProtocols protocol)
    {
        var reply = await GeminiTestClient.RequestAsync(_server.Port, _server.Url("/") + "\r\n", protocols: protocol);

        Assert.Equal(20, reply.Status);
        Assert.StartsWith("text/gemini", reply.Meta);
        Assert.Contains("Test wiki home", reply.Text);
        Assert.Equal(protocol, reply.Protocol);
        Assert.True(reply.CloseNotifyReceived, "the server must send close_notify after the response");
    }

    [Theory]
    [InlineData("")]
    [InlineData("/about.gmi")]
    public async Task The_empty_path_is_served_as_the_root_and_static_files_are_served(string path)
    {
        var reply = await GeminiTestClient.RequestAsync(_server.Port, $"gemini://localhost:{_server.Port}{path}\r\n");

        Assert.Equal(20, reply.Status);
        Assert.Contains(path == "" ? "Test wiki home" : "# Test capsule", reply.Text);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12, "/\r\n", 59)]
    [InlineData(SslProtocols.Tls13, "/\r\n", 59)]
    [InlineData(SslProtocols.Tls12, "https://localhost/\r\n", 53)]
    [InlineData(SslProtocols.Tls13, "gemini://elsewhere.example/\r\n", 53)]
    [InlineData(SslProtocols.Tls12, "gemini://localhost:{port}/missing\r\n", 51)]
    public async Task Error_responses_also_end_with_close_notify(SslProtocols protocol, string line, int expected)
    {
        var reply = await GeminiTestClient.RequestAsync(_server.Port, line.Replace("{port}", _server.Port.ToString()), protocols: protocol);

        Assert.Equal(expected, reply.Status);
        Assert.NotEmpty(reply.Meta);
        Assert.Empty(reply.Body);
        Assert.True(reply.CloseNotifyReceived);
    }

    [Fact]
    public async Task A_request_of_1025_bytes_is_refused_with_close_notify()
    {
        var prefix = _server.Url("/");
        var line = prefix + new string('a', 1025 - prefix.Length);

        var reply = await GeminiTestClient.RequestAsync(_server.Port, line + "\r\n", protocols: SslProtocols.Tls12);

        Assert.Equal(59, reply.Status);
        Assert.Contains("1024", reply.Meta);
        Assert.True(reply.CloseNotifyReceived);
    }

    [Fact]
    public async Task A_request_of_exactly_1024_bytes_is_handled_normally()
    {
        var prefix = _server.Url("/");
        var line = prefix + new string('a', 1024 - prefix.Length);

        var reply = await GeminiTestClient.RequestAsync(_server.Port, line + "\r\n");

        Assert.Equal(51, reply.Status);
    }

    [Fact]
    public async Task Handler_sees_the_client_certificate()
    {
        using var certificate = TestCertificates.Create("alice");

        var reply = await GeminiTestClient.RequestAsync(_server.Port, _server.Url("/test/cert") + "\r\n", certificate);

        Assert.Equal(20, reply.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), reply.Text);
    }

    [Fact]
    public async Task Expired_self_signed_certificates_are_accepted_by_the_TLS_layer()
    {
        using var expired = TestCertificates.Create("old", DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(-1));

        var reply = await GeminiTestClient.RequestAsync(_server.Port, _server.Url("/test/cert") + "\r\n", expired, SslProtocols.Tls12);

        Assert.Equal(20, reply.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expired.RawData)), reply.Text);
    }

    [Fact]
    public async Task Handler_sees_no_certificate_when_none_is_sent()
    {
        var reply = await GeminiTestClient.RequestAsync(_server.Port, _server.Url("/test/cert") + "\r\n");

        Assert.Equal("none", reply.Text);
    }

    [Fact]
    public async Task A_failing_handler_answers_40_and_the_server_keeps_serving()
    {
        var failed = await GeminiTestClient.RequestAsync(_server.Port, _server.Url("/test/fail") + "\r\n");
        var next = await GeminiTestClient.RequestAsync(_server.Port, _server.Url("/") + "\r\n");

        Assert.Equal(40, failed.Status);
        Assert.DoesNotContain("boom", failed.Meta);
        Assert.True(failed.CloseNotifyReceived);
        Assert.Equal(20, next.Status);
    }

    [Fact]
    public async Task Requests_without_SNI_for_the_IP_literal_are_served()
    {
        var reply = await GeminiTestClient.RequestAsync(_server.Port, $"gemini://127.0.0.1:{_server.Port}/\r\n", targetHost: "127.0.0.1");

        Assert.Equal(20, reply.Status);
    }

    [Fact]
    public async Task A_burst_of_concurrent_clients_is_all_answered()
    {
        var requests = Enumerable.Range(0, 60)
            .Select(_ => GeminiTestClient.RequestAsync(_server.Port, _server.Url("/") + "\r\n"));

        var replies = await Task.WhenAll(requests);

        Assert.All(replies, reply =>
        {
            Assert.Equal(20, reply.Status);
            Assert.True(reply.CloseNotifyReceived);
        });
    }

    [Fact]
    public async Task Shutdown_lets_a_request_in_flight_finish()
    {
        var server = await TestServer.StartAsync(services: s => s.AddSingleton<IRouteModule<Visitor>>(_echo));
        var inFlight = GeminiTestClient.RequestAsync(server.Port, server.Url("/test/wait") + "\r\n");
        await _echo.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var stopping = server.DisposeAsync().AsTask();
        _echo.Release.SetResult();
        var reply = await inFlight;
        await stopping;

        Assert.Equal(20, reply.Status);
        Assert.Equal("released\n", reply.Text);
        Assert.True(reply.CloseNotifyReceived);
    }
}
