namespace GeminiWiki.Protocol.Requests;

/// <summary>
/// The bytes that follow a Titan request line. A handler checks size, type, token and identity
/// first and only then reads, so a refused upload is never read at all.
/// </summary>
public interface IRequestBody
{
    /// <summary>
    /// Reads exactly <paramref name="size"/> bytes within the connection's body timeout.
    /// Throws <see cref="TruncatedBodyException"/> when the client closes early and
    /// <see cref="OperationCanceledException"/> on timeout.
    /// </summary>
    ValueTask<ReadOnlyMemory<byte>> ReadExactlyAsync(int size, CancellationToken cancellationToken);
}

/// <summary>The client closed the connection before sending the whole announced body.</summary>
public sealed class TruncatedBodyException(int expected, int received)
    : IOException($"Upload cut short: {received} of {expected} bytes arrived")
{
    public int Expected { get; } = expected;

    public int Received { get; } = received;
}
