namespace GeminiWiki.Protocol.Requests;

public enum RequestLineStatus
{
    /// <summary>A line ending in CRLF arrived.</summary>
    Complete,

    /// <summary>No CRLF within 1024 bytes: the request is too long (59).</summary>
    TooLong,

    /// <summary>The client closed before a CRLF: nothing to answer.</summary>
    Closed,
}

/// <param name="LineLength">Bytes of the request line, without CRLF.</param>
/// <param name="BufferedLength">Bytes in the buffer in all; those after the CRLF start a Titan body.</param>
public readonly record struct RequestLine(RequestLineStatus Status, int LineLength, int BufferedLength)
{
    public int BodyStart => LineLength + 2;
}

/// <summary>
/// Framing: reads until CRLF with a hard cap of 1024 bytes before it. A bare LF is not a line end,
/// so a client that sends one is left waiting for the read timeout, as the specification asks.
/// </summary>
public static class RequestLineReader
{
    /// <summary>The buffer must hold the longest line and its CRLF.</summary>
    public const int MinimumBufferSize = RequestParser.MaxRequestBytes + 2;

    public static async ValueTask<RequestLine> ReadAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.Length < MinimumBufferSize)
        {
            throw new ArgumentException($"The buffer must hold at least {MinimumBufferSize} bytes.", nameof(buffer));
        }

        var count = 0;
        var scanned = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer[count..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return new RequestLine(RequestLineStatus.Closed, 0, count);
            }

            count += read;
            var span = buffer.Span;
            // The CR of the line end may sit at index 1024 at the most.
            var limit = Math.Min(count - 1, RequestParser.MaxRequestBytes + 1);
            for (var i = Math.Max(0, scanned - 1); i < limit; i++)
            {
                if (span[i] == (byte)'\r' && span[i + 1] == (byte)'\n')
                {
                    return new RequestLine(RequestLineStatus.Complete, i, count);
                }
            }

            scanned = limit;
            if (count >= MinimumBufferSize || (count > RequestParser.MaxRequestBytes && span[RequestParser.MaxRequestBytes] != (byte)'\r'))
            {
                return new RequestLine(RequestLineStatus.TooLong, 0, count);
            }
        }
    }
}
