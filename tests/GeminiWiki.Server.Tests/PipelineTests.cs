using System.Net;
using System.Net.Security;
using System.Text;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Server.Connections;
using GeminiWiki.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace GeminiWiki.Server.Tests;

/// <summary>The connection handler driven over an in-memory stream: framing, parsing, dispatch, writing.</summary>
public sealed class PipelineTests
{
    private static readonly ServedAuthority Served = new(["localhost"], 1965, acceptTitan: true);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly RecordingLogger<GeminiConnection> _log = new();
    private IGeminiHandler _application = Substitute.For<IGeminiHandler>();

    public PipelineTests()
    {
        _application.HandleAsync(Arg.Any<GeminiRequest>(), Arg.Any<CancellationToken>())
            .Returns(call => ValueTask.FromResult(GeminiResponse.Gemtext("hello " + call.Arg<GeminiRequest>().Path + "\n", "en")));
    }

    [Fact]
    public async Task A_request_gets_one_header_and_the_body()
    {
        var stream = ScriptedStream.FromText("gemini://localhost/page\r\n");

        await RunAsync(stream);

        Assert.Equal("20 text/gemini; charset=utf-8; lang=en\r\nhello /page\n", stream.WrittenText);
    }

    [Fact]
    public async Task A_line_that_arrives_one_byte_at_a_time_is_framed_correctly()
    {
        var stream = ScriptedStream.FromText("gemini://localhost/\r\n", chunkSize: 1);

        await RunAsync(stream);

        Assert.StartsWith("20 ", stream.WrittenText);
    }

    [Theory]
    [InlineData("/\r\n", "59 ")]
    [InlineData("gemini://localhost/#frag\r\n", "59 ")]
    [InlineData("gemini://user@localhost/\r\n", "59 ")]
    [InlineData("http://localhost/\r\n", "53 ")]
    [InlineData("gemini://other.example/\r\n", "53 ")]
    [InlineData("gemini://localhost:1966/\r\n", "53 ")]
    [InlineData("\r\n", "59 ")]
    public async Task Rejected_requests_never_reach_the_application(string line, string expected)
    {
        var stream = ScriptedStream.FromText(line);

        await RunAsync(stream);

        Assert.StartsWith(expected, stream.WrittenText);
        Assert.EndsWith("\r\n", stream.WrittenText);
        await _application.DidNotReceiveWithAnyArgs().HandleAsync(default!, default);
    }

    [Fact]
    public async Task Over_1024_bytes_without_CRLF_is_refused_without_waiting_for_more()
    {
        var stream = new ScriptedStream(Encoding.ASCII.GetBytes("gemini://localhost/" + new string('a', 2000)), endAfterInput: false);

        await RunAsync(stream);

        Assert.StartsWith("59 ", stream.WrittenText);
    }

    [Fact]
    public async Task A_client_that_closes_before_CRLF_gets_nothing()
    {
        var stream = ScriptedStream.FromText("gemini://localhost/");

        await RunAsync(stream);

        Assert.Empty(stream.Written);
    }

    [Fact]
    public async Task A_quiet_client_is_dropped_at_the_request_timeout_without_an_answer()
    {
        var stream = ScriptedStream.FromText("gemini://localhost/\n", endAfterInput: false);

        var run = RunAsync(stream);
        Assert.False(run.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(run.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(stream.Written);
    }

    [Fact]
    public async Task The_handler_sees_the_connection_facts()
    {
        using var certificate = TestCertificates.Create("carol");
        GeminiRequest? seen = null;
        _application.HandleAsync(Arg.Do<GeminiRequest>(r => seen = r), Arg.Any<CancellationToken>())
            .Returns(ValueTask.FromResult(GeminiResponse.Gemtext("ok\n")));
        var remote = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40000);

        var client = ClientCertificate.From(certificate);

        await RunAsync(ScriptedStream.FromText("gemini://LOCALHOST./a/../b?x%20y\r\n"), remote, client);

        Assert.NotNull(seen);
        Assert.Equal("/b", seen.Path);
        Assert.Equal("localhost", seen.Host);
        Assert.Equal("x y", seen.DecodedQuery);
        Assert.Same(client, seen.Client);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate.RawData)), seen.Client!.Sha256);
        Assert.Equal("carol", seen.Client.Fields!.CommonName);
        Assert.Equal(remote, seen.RemoteEndPoint);
    }

    [Fact]
    public async Task A_Titan_body_is_read_from_bytes_already_buffered_and_the_stream()
    {
        var body = new string('x', 5000);
        string? received = null;
        _application = new LambdaHandler(async (request, _) =>
        {
            var bytes = await request.Body!.ReadExactlyAsync((int)request.Titan!.Size, CancellationToken.None);
            received = Encoding.UTF8.GetString(bytes.Span);
            return GeminiResponse.Redirect("gemini://localhost/page/x");
        });

        var stream = ScriptedStream.FromText($"titan://localhost/raw/x;size=5000;mime=text/plain\r\n{body}", chunkSize: 700);
        await RunAsync(stream);

        Assert.Equal(body, received);
        Assert.Equal("30 gemini://localhost/page/x\r\n", stream.WrittenText);
    }

    [Fact]
    public async Task An_upload_cut_short_is_answered_59()
    {
        _application = new LambdaHandler(async (request, _) =>
        {
            await request.Body!.ReadExactlyAsync((int)request.Titan!.Size, CancellationToken.None);
            return GeminiResponse.Redirect("gemini://localhost/page/x");
        });

        var stream = ScriptedStream.FromText("titan://localhost/raw/x;size=100\r\nonly a little");
        await RunAsync(stream);

        Assert.StartsWith("59 Upload cut short: 13 of 100", stream.WrittenText);
    }

    [Fact]
    public async Task An_upload_that_stalls_is_cut_at_the_timeout_and_still_told_why()
    {
        _application = new LambdaHandler(async (request, cancellationToken) =>
        {
            await request.Body!.ReadExactlyAsync((int)request.Titan!.Size, cancellationToken);
            return GeminiResponse.Redirect("gemini://localhost/page/x");
        });
        var stream = ScriptedStream.FromText("titan://localhost/raw/x;size=100\r\nsome", endAfterInput: false);

        var run = RunAsync(stream);
        _clock.Advance(TimeSpan.FromSeconds(11));
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // The body's deadline has passed, yet the 40 is written whole under the response's own deadline.
        Assert.Equal("40 Request timed out; please try again\r\n", stream.WrittenText);
    }

    [Fact]
    public async Task A_client_that_resets_mid_upload_is_a_client_going_away_not_a_server_fault()
    {
        _application = new LambdaHandler(async (request, cancellationToken) =>
        {
            await request.Body!.ReadExactlyAsync((int)request.Titan!.Size, cancellationToken);
            return GeminiResponse.Redirect("gemini://localhost/page/x");
        });
        var reset = new IOException("Connection reset by peer", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset));
        var stream = new ScriptedStream(Encoding.UTF8.GetBytes("titan://localhost/raw/x;size=100\r\nsome"), failAfterInput: reset);

        await RunAsync(stream);

        Assert.Empty(stream.Written);
        var entry = Assert.Single(_log.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, entry.Level);
        Assert.Contains("went away", entry.Message, StringComparison.Ordinal);
        Assert.Null(entry.Exception);
    }

    [Fact]
    public async Task A_request_cut_off_by_shutdown_is_answered_41()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _application = new LambdaHandler(async (_, cancellationToken) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return GeminiResponse.Gemtext("never\n");
        });
        using var shutdown = new CancellationTokenSource();
        var stream = ScriptedStream.FromText("gemini://localhost/slow\r\n");

        var run = RunAsync(stream, abort: shutdown.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await shutdown.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("41 ", stream.WrittenText);
    }

    [Fact]
    public async Task A_handler_that_throws_becomes_40_without_leaking_details()
    {
        _application.HandleAsync(Arg.Any<GeminiRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new InvalidOperationException("database exploded at /secret/path"));
        var stream = ScriptedStream.FromText("gemini://localhost/\r\n");

        await RunAsync(stream);

        Assert.StartsWith("40 ", stream.WrittenText);
        Assert.DoesNotContain("secret", stream.WrittenText);
    }

    [Fact]
    public async Task Bytes_after_the_first_CRLF_are_ignored_for_gemini_requests()
    {
        var stream = ScriptedStream.FromText("gemini://localhost/one\r\ngemini://localhost/two\r\n");

        await RunAsync(stream);

        Assert.Equal("20 text/gemini; charset=utf-8; lang=en\r\nhello /one\n", stream.WrittenText);
    }

    [Fact]
    public async Task A_file_body_is_streamed_after_its_header()
    {
        var path = Path.GetTempFileName();
        var content = new byte[100_000];
        Random.Shared.NextBytes(content);
        await File.WriteAllBytesAsync(path, content);
        _application = new LambdaHandler((_, _) => Task.FromResult(GeminiResponse.File("image/png", path)));
        var stream = ScriptedStream.FromText("gemini://localhost/logo.png\r\n");

        await RunAsync(stream);
        File.Delete(path);

        var header = "20 image/png\r\n"u8.ToArray();
        Assert.Equal([.. header, .. content], stream.Written);
    }

    [Fact]
    public async Task A_file_that_vanished_before_sending_becomes_51_not_an_empty_20()
    {
        _application = new LambdaHandler((_, _) => Task.FromResult(GeminiResponse.File("image/png", "/nonexistent/geminiwiki/logo.png")));
        var stream = ScriptedStream.FromText("gemini://localhost/logo.png\r\n");

        await RunAsync(stream);

        Assert.StartsWith("51 ", stream.WrittenText);
    }

    private Task RunAsync(ScriptedStream stream, IPEndPoint? remote = null, ClientCertificate? client = null, CancellationToken abort = default)
    {
        var settings = new ConnectionSettings(new SslServerAuthenticationOptions(), Served, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), MaskRemoteAddresses: false);
        var services = new ConnectionServices(_application, _clock, new ConnectionEvents(), _log);
        var connection = new GeminiConnection(settings, services, stream, remote, null, abort);
        return ExchangeAndDisposeAsync(connection, stream, client, new ConnectionDeadline(_clock, ConnectionPhase.Handshake, TimeSpan.FromSeconds(10), abort));
    }

    private static async Task ExchangeAndDisposeAsync(GeminiConnection connection, ScriptedStream stream, ClientCertificate? client, ConnectionDeadline deadline)
    {
        using (deadline)
        {
            await connection.ExchangeAsync(stream, client, deadline);
        }
    }

    private sealed class LambdaHandler(Func<GeminiRequest, CancellationToken, Task<GeminiResponse>> handle) : IGeminiHandler
    {
        public ValueTask<GeminiResponse> HandleAsync(GeminiRequest request, CancellationToken cancellationToken) =>
            new(handle(request, cancellationToken));
    }
}
