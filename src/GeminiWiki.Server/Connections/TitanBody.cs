using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Server.Connections;

/// <summary>The body of a Titan upload: bytes already read past the request line, then the stream.</summary>
internal sealed class TitanBody(Stream stream, ReadOnlyMemory<byte> alreadyRead, Action bodyStarts) : IRequestBody
{
    private bool _consumed;

    public async ValueTask<ReadOnlyMemory<byte>> ReadExactlyAsync(int size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (_consumed)
        {
            throw new InvalidOperationException("The upload body has already been read.");
        }

        _consumed = true;
        bodyStarts();
        var body = new byte[size];
        var fromBuffer = Math.Min(size, alreadyRead.Length);
        alreadyRead[..fromBuffer].CopyTo(body);
        var received = fromBuffer;
        while (received < size)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(body.AsMemory(received), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new ClientGoneException(received, size, ex);
            }

            if (read == 0)
            {
                throw new TruncatedBodyException(size, received);
            }

            received += read;
        }

        return body;
    }
}

/// <summary>The client reset the connection while sending its body: nobody is left to answer.</summary>
internal sealed class ClientGoneException(int received, int expected, Exception inner)
    : IOException($"The client went away after {received} of {expected} bytes: {inner.Message}", inner);
