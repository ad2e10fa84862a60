using System.Buffers;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Server.Connections;

/// <summary>Writes one response value to the stream: the header, then the body held in memory or streamed from a file.</summary>
internal static class ResponseWriter
{
    private const int SingleWriteLimit = 16384;

    /// <summary>Returns the number of bytes written.</summary>
    public static async ValueTask<long> WriteAsync(Stream stream, GeminiResponse response, FileStream? file, CancellationToken cancellationToken)
    {
        var header = response.FormatHeader();
        long written = header.Length;
        if (!response.IsSuccess)
        {
            await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        }
        else if (file is not null)
        {
            await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            var chunk = ArrayPool<byte>.Shared.Rent(SingleWriteLimit);
            try
            {
                int read;
                while ((read = await file.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await stream.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    written += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
        else if (header.Length + response.Body.Length <= SingleWriteLimit)
        {
            // One write, so a small page leaves in as few TLS records as possible.
            var combined = ArrayPool<byte>.Shared.Rent(header.Length + response.Body.Length);
            try
            {
                header.CopyTo(combined, 0);
                response.Body.Span.CopyTo(combined.AsSpan(header.Length));
                await stream.WriteAsync(combined.AsMemory(0, header.Length + response.Body.Length), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(combined);
            }

            written += response.Body.Length;
        }
        else
        {
            await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(response.Body, cancellationToken).ConfigureAwait(false);
            written += response.Body.Length;
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }
}
