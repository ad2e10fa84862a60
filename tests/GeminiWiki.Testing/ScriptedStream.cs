using System.Text;

namespace GeminiWiki.Testing;

/// <summary>
/// An in-memory connection: reads return the scripted client bytes (in chunks of a chosen size),
/// then either end of stream, the failure given (a client that resets the connection), or wait
/// until cancelled (a client that goes quiet). Writes are kept.
/// </summary>
public sealed class ScriptedStream(byte[] input, bool endAfterInput = true, int chunkSize = int.MaxValue, Exception? failAfterInput = null) : Stream
{
    private readonly MemoryStream _output = new();
    private int _position;

    public static ScriptedStream FromText(string text, bool endAfterInput = true, int chunkSize = int.MaxValue) =>
        new(Encoding.UTF8.GetBytes(text), endAfterInput, chunkSize);

    public byte[] Written => _output.ToArray();

    public string WrittenText => Encoding.UTF8.GetString(Written);

    public int BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= input.Length)
        {
            if (failAfterInput is not null)
            {
                throw failAfterInput;
            }

            if (endAfterInput)
            {
                return 0;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var count = Math.Min(Math.Min(buffer.Length, chunkSize), input.Length - _position);
        input.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _output.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
