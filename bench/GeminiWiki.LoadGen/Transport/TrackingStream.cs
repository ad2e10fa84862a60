using System.Net.Sockets;

namespace GeminiWiki.LoadGen.Transport;

/// <summary>
/// The socket under one worker's SslStream, reused from request to request. It counts the bytes
/// the server sends and notes a TCP end of stream: SslStream reports both close_notify and a bare
/// FIN as a 0-byte read, and only what happened below it tells them apart.
/// </summary>
public sealed class TrackingStream : Stream
{
    private Socket? _socket;

    public long BytesRead { get; private set; }

    /// <summary>The TCP connection ended (FIN) under the TLS layer.</summary>
    public bool SawEndOfStream { get; private set; }

    public void Attach(Socket socket)
    {
        _socket = socket;
        BytesRead = 0;
        SawEndOfStream = false;
    }

    public void Detach() => _socket = null;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (read == 0 && buffer.Length > 0)
        {
            SawEndOfStream = true;
        }

        BytesRead += read;
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            var sent = await Socket.SendAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            buffer = buffer[sent..];
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private Socket Socket => _socket ?? throw new ObjectDisposedException(nameof(TrackingStream));
}
