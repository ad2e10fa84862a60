using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GeminiWiki.Testing;

/// <summary>What a client saw: the header, the body, how the TLS session ended.</summary>
public sealed record GeminiReply(int Status, string Meta, byte[] Body, bool CloseNotifyReceived, SslProtocols Protocol)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public override string ToString() => $"{Status} {Meta}";
}

/// <summary>
/// A raw Gemini client over real TLS, one request per connection. It records the server's TLS
/// records so tests can see whether the server sent close_notify before closing.
/// </summary>
public static class GeminiTestClient
{
    public static async Task<GeminiReply> RequestAsync(
        int port,
        string requestLine,
        X509Certificate2? clientCertificate = null,
        SslProtocols protocols = SslProtocols.None,
        byte[]? body = null,
        string targetHost = "localhost",
        bool closeAfterBody = false,
        CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await using var connection = await ConnectAsync(port, clientCertificate, protocols, targetHost, timeout.Token);
        var payload = Encoding.UTF8.GetBytes(requestLine);
        if (body is not null)
        {
            payload = [.. payload, .. body];
        }

        await connection.Tls.WriteAsync(payload, timeout.Token);
        await connection.Tls.FlushAsync(timeout.Token);
        if (closeAfterBody)
        {
            // A client that gives up mid-upload: close_notify right after what it sent.
            await connection.Tls.ShutdownAsync();
        }

        return await connection.ReadReplyAsync(timeout.Token);
    }

    public static async Task<TestConnection> ConnectAsync(
        int port,
        X509Certificate2? clientCertificate = null,
        SslProtocols protocols = SslProtocols.None,
        string targetHost = "localhost",
        CancellationToken cancellationToken = default,
        System.Net.IPAddress? from = null)
    {
        // Another loopback source address (127.0.0.2, ...) stands in for another client machine.
        var tcp = from is null ? new TcpClient() : new TcpClient(new System.Net.IPEndPoint(from, 0));
        await tcp.ConnectAsync("127.0.0.1", port, cancellationToken);
        var recorder = new RecordingStream(tcp.GetStream());
        var tls = new SslStream(recorder, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            AllowTlsResume = false,
            LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
        };
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [clientCertificate];
        }

        await tls.AuthenticateAsClientAsync(options, cancellationToken);
        return new TestConnection(tcp, tls, recorder);
    }
}

public sealed class TestConnection(TcpClient tcp, SslStream tls, RecordingStream recorder) : IAsyncDisposable
{
    public SslStream Tls { get; } = tls;

    public async Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        await Tls.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await Tls.FlushAsync(cancellationToken);
    }

    /// <summary>Reads to the end of the stream and splits header from body.</summary>
    public async Task<GeminiReply> ReadReplyAsync(CancellationToken cancellationToken = default)
    {
        var all = new MemoryStream();
        try
        {
            await Tls.CopyToAsync(all, cancellationToken);
        }
        catch (IOException) when (all.Length > 0)
        {
            // A reset after the response: what arrived is the answer (close_notify then reads false).
        }

        var bytes = all.ToArray();
        var protocol = Tls.SslProtocol;
        var closeNotify = recorder.EndedWithCloseNotify(protocol);
        var crlf = bytes.AsSpan().IndexOf("\r\n"u8);
        if (crlf < 0)
        {
            return new GeminiReply(0, Encoding.UTF8.GetString(bytes), [], closeNotify, protocol);
        }

        var header = Encoding.UTF8.GetString(bytes, 0, crlf);
        var status = header.Length >= 2 && int.TryParse(header.AsSpan(0, 2), out var code) ? code : 0;
        var meta = header.Length > 3 ? header[3..] : string.Empty;
        return new GeminiReply(status, meta, bytes[(crlf + 2)..], closeNotify, protocol);
    }

    /// <summary>True when the server closed the connection (read returned end of stream).</summary>
    public async Task<bool> ReadsEndOfStreamAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        try
        {
            return await Tls.ReadAsync(buffer, cancellationToken) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Tls.DisposeAsync();
        tcp.Dispose();
    }
}

/// <summary>Passes bytes through and keeps what the server sent, to read the TLS record layer.</summary>
public sealed class RecordingStream(Stream inner) : Stream
{
    private readonly MemoryStream _received = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// Whether the last TLS record before the end of the stream was a close_notify alert. In TLS 1.2
    /// the record type (21, alert) is visible. In TLS 1.3 every record looks like application data;
    /// an encrypted alert is 2 bytes of alert, 1 byte of inner type and a 16-byte AEAD tag: 19 bytes.
    /// </summary>
    public bool EndedWithCloseNotify(SslProtocols protocol)
    {
        var data = _received.ToArray();
        var offset = 0;
        (byte Type, int Length)? last = null;
        while (offset + 5 <= data.Length)
        {
            var type = data[offset];
            var length = (data[offset + 3] << 8) | data[offset + 4];
            if (offset + 5 + length > data.Length)
            {
                return false;
            }

            last = (type, length);
            offset += 5 + length;
        }

        if (last is null || offset != data.Length)
        {
            return false;
        }

        return protocol == SslProtocols.Tls13
            ? last.Value.Type == 23 && last.Value.Length == 19
            : last.Value.Type == 21;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        _received.Write(buffer, offset, read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        _received.Write(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
