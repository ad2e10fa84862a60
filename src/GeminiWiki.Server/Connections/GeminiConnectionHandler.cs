using System.Buffers;
using System.Diagnostics;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using GeminiWiki.Server.Hosting;
using GeminiWiki.Server.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Connections;

/// <summary>
/// One request on an established (TLS) stream: frame the line, parse it, hand it to the
/// application, write exactly one response, log one access line. Works on any stream, so the
/// whole pipeline is tested without sockets. This is the one catch at the connection boundary.
/// </summary>
public sealed partial class GeminiConnectionHandler(
    IGeminiHandler application,
    IOptions<GeminiOptions> options,
    TimeProvider time,
    ILogger<GeminiConnectionHandler> logger)
{
    private const int BufferSize = 4096;
    private static readonly TimeSpan ShutdownWriteGrace = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _requestTimeout = TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds);
    private readonly bool _maskAddresses = options.Value.MaskRemoteAddresses;

    public TimeSpan RequestTimeout => _requestTimeout;

    public async Task ProcessAsync(Stream stream, ConnectionContext connection, ConnectionDeadline deadline)
    {
        var started = time.GetTimestamp();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var url = "-";
        try
        {
            deadline.Reset(_requestTimeout);
            RequestLine line;
            try
            {
                line = await RequestLineReader.ReadAsync(stream, buffer.AsMemory(0, BufferSize), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.TimedOut)
            {
                // A client that never finishes its line (or sends a bare LF) gets no answer, only a close.
                LogRequestTimeout(logger, Remote(connection));
                return;
            }

            if (line.Status == RequestLineStatus.Closed)
            {
                LogClosedEarly(logger, Remote(connection), line.BufferedLength);
                return;
            }

            GeminiResponse response;
            if (line.Status == RequestLineStatus.TooLong)
            {
                url = AccessLog.Escape(System.Text.Encoding.UTF8.GetString(buffer, 0, Math.Min(line.BufferedLength, 64))) + "…";
                response = RequestRejection.ToResponse(RequestRejectionReason.RequestTooLong);
            }
            else
            {
                var lineBytes = buffer.AsSpan(0, line.LineLength);
                url = AccessLog.Escape(System.Text.Encoding.UTF8.GetString(lineBytes));
                if (RequestParser.TryParse(lineBytes, connection.Served, connection.LocalEndPoint?.Address, out var parsed, out var reason))
                {
                    var request = parsed! with
                    {
                        ClientCertificate = connection.ClientCertificate,
                        RemoteEndPoint = connection.RemoteEndPoint,
                        Body = parsed.Scheme == GeminiScheme.Titan
                            ? new TitanBody(stream, buffer.AsMemory(line.BodyStart, line.BufferedLength - line.BodyStart), () => deadline.Reset(_requestTimeout))
                            : null,
                    };
                    response = await InvokeApplicationAsync(request, deadline).ConfigureAwait(false);
                }
                else
                {
                    LogRejected(logger, Remote(connection), reason, url);
                    response = RequestRejection.ToResponse(reason);
                }
            }

            deadline.Reset(_requestTimeout);
            // A request cut off by shutdown still gets its 41, within a short grace of its own:
            // the connection's token is already cancelled then.
            using var shutdownGrace = deadline.Aborted ? new CancellationTokenSource(ShutdownWriteGrace, time) : null;
            var writeToken = shutdownGrace?.Token ?? deadline.Token;

            // A streamed file is opened before the header goes out, so a file that vanished or
            // cannot be read becomes a 51 instead of a 20 with an empty body.
            await using var file = OpenBodyFile(ref response);
            var bytes = await WriteResponseAsync(stream, response, file, writeToken).ConfigureAwait(false);
            AccessLog.Request(logger, Remote(connection), url, response.Code, AccessLog.Escape(response.Meta, 200), bytes,
                time.GetElapsedTime(started).TotalMilliseconds, ShortFingerprint(connection));
        }
        catch (OperationCanceledException) when (deadline.TimedOut || deadline.Aborted)
        {
            LogResponseAbandoned(logger, Remote(connection), url, deadline.Aborted ? "shutdown" : "timeout");
        }
        catch (IOException ex)
        {
            LogClientGone(logger, Remote(connection), url, ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<GeminiResponse> InvokeApplicationAsync(GeminiRequest request, ConnectionDeadline deadline)
    {
        try
        {
            return await application.HandleAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (TruncatedBodyException ex)
        {
            LogUploadCutShort(logger, Remote(request), ex.Received, ex.Expected);
            return GeminiResponse.BadRequest(ex.Message);
        }
        catch (OperationCanceledException) when (deadline.TimedOut)
        {
            LogHandlerTimeout(logger, Remote(request), request.Url);
            return GeminiResponse.TemporaryFailure("Request timed out; please try again");
        }
        catch (OperationCanceledException) when (deadline.Aborted)
        {
            return GeminiResponse.ServerUnavailable("Server is shutting down; please try again shortly");
        }
        catch (Exception ex)
        {
            LogHandlerFailed(logger, ex, request.Url);
            return GeminiResponse.TemporaryFailure("Internal error; the administrator has been told. Please try again later");
        }
    }

    private FileStream? OpenBodyFile(ref GeminiResponse response)
    {
        if (!response.IsSuccess || response.BodyFile is not { } path)
        {
            return null;
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            LogBodyFileUnreadable(logger, path, ex.Message);
            response = GeminiResponse.NotFound();
            return null;
        }
    }

    private static async ValueTask<long> WriteResponseAsync(Stream stream, GeminiResponse response, FileStream? file, CancellationToken cancellationToken)
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
            var chunk = ArrayPool<byte>.Shared.Rent(16384);
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
        else if (header.Length + response.Body.Length <= 16384)
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

    private string Remote(ConnectionContext connection) => AccessLog.FormatRemote(connection.RemoteEndPoint?.Address, _maskAddresses);

    private string Remote(GeminiRequest request) => AccessLog.FormatRemote(request.RemoteEndPoint?.Address, _maskAddresses);

    private static string ShortFingerprint(ConnectionContext connection) =>
        connection.ClientCertificate is { } certificate
            ? Fingerprint.Of(certificate).Short
            : "-";

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Remote} sent no complete request line within the timeout; closed")]
    private static partial void LogRequestTimeout(ILogger logger, string remote);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Remote} closed the connection after {Bytes} bytes without a request")]
    private static partial void LogClosedEarly(ILogger logger, string remote, int bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Remote} bad request ({Reason}): \"{Url}\"")]
    private static partial void LogRejected(ILogger logger, string remote, RequestRejectionReason reason, string url);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Remote} upload cut short: {Received} of {Expected} bytes")]
    private static partial void LogUploadCutShort(ILogger logger, string remote, int received, int expected);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Remote} timed out while its request was handled: \"{Url}\"")]
    private static partial void LogHandlerTimeout(ILogger logger, string remote, string url);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Remote} response to \"{Url}\" abandoned ({Why})")]
    private static partial void LogResponseAbandoned(ILogger logger, string remote, string url, string why);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Remote} went away during \"{Url}\": {Error}")]
    private static partial void LogClientGone(ILogger logger, string remote, string url, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot open {Path} to serve it: {Error}")]
    private static partial void LogBodyFileUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handler failed for \"{Url}\"")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string url);
}
