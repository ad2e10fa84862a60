using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Server.Logging;
using Microsoft.Extensions.Logging;

namespace GeminiWiki.Server.Connections;

/// <summary>
/// One client connection from accept to close, in the order it happens: TLS handshake, the client
/// certificate read once, the request line framed and parsed, the request handed to the
/// application, exactly one response written, one access line, close_notify, and the connection's
/// slot released. Each phase has its own deadline. This is the one catch at the connection
/// boundary: nothing a client does escapes it.
/// </summary>
public sealed partial class GeminiConnection
{
    private const int BufferSize = 4096;

    private readonly ConnectionSettings _settings;
    private readonly ConnectionServices _services;
    private readonly Stream _transport;
    private readonly IPEndPoint? _remote;
    private readonly IPEndPoint? _local;
    private readonly CancellationToken _abort;
    private readonly ConnectionSlot? _slot;
    private readonly ILogger _logger;

    /// <param name="transport">The accepted TCP stream (owned and disposed here), or a test stream.</param>
    /// <param name="abort">Cancelled when shutdown has waited long enough.</param>
    /// <param name="slot">The connection's place in the limits (none in pipeline tests).</param>
    public GeminiConnection(ConnectionSettings settings, ConnectionServices services, Stream transport, IPEndPoint? remote, IPEndPoint? local,
        CancellationToken abort, ConnectionSlot? slot = null)
    {
        _slot = slot;
        _settings = settings;
        _services = services;
        _transport = transport;
        _remote = remote;
        _local = local;
        _abort = abort;
        _logger = services.Logger;
    }

    /// <summary>Runs the connection's whole life; its slot is released as soon as it has nothing left to say.</summary>
    public async Task RunAsync()
    {
        // Shutdown or being cut to make room: either ends the connection.
        using var ended = _slot is null ? null : CancellationTokenSource.CreateLinkedTokenSource(_abort, _slot.Evicted);
        using var deadline = new ConnectionDeadline(_services.Time, ConnectionPhase.Handshake, _settings.HandshakeTimeout, ended?.Token ?? _abort);
        _services.Events.OnPhase(ConnectionPhase.Handshake);
        var tls = new SslStream(_slot is null ? _transport : new FirstByteStream(_transport, _slot), leaveInnerStreamOpen: false);
        var authenticated = false;
        try
        {
            try
            {
                await (_settings.TlsByServerName is { } byServerName
                    ? tls.AuthenticateAsServerAsync(byServerName, null, deadline.Token)
                    : tls.AuthenticateAsServerAsync(_settings.Tls, deadline.Token)).ConfigureAwait(false);
                authenticated = true;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or AuthenticationException or SocketException)
            {
                LogHandshakeFailed(_logger, Remote, _slot?.WasEvicted == true ? "cut to make room" : deadline.TimedOut ? "timeout" : ex.Message);
                return;
            }

            await ExchangeAsync(tls, ReadClientCertificate(tls), deadline).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Nothing one connection does may end the accept loop or the process.
            LogConnectionFailed(_logger, ex, Remote);
        }
        finally
        {
            if (authenticated)
            {
                await CloseNotifyAsync(tls, deadline).ConfigureAwait(false);
            }

            _slot?.Release();
            await tls.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One request and its response on an established stream. Public so the pipeline is tested
    /// over an in-memory stream, without sockets or TLS.
    /// </summary>
    public async Task ExchangeAsync(Stream stream, ClientCertificate? client, ConnectionDeadline deadline)
    {
        var started = _services.Time.GetTimestamp();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var url = "-";
        try
        {
            deadline.Begin(ConnectionPhase.RequestLine, _settings.RequestTimeout);
            _services.Events.OnPhase(ConnectionPhase.RequestLine);
            RequestLine line;
            try
            {
                line = await RequestLineReader.ReadAsync(stream, buffer.AsMemory(0, BufferSize), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.TimedOut || _slot?.WasEvicted == true)
            {
                // A client that never finishes its line (or sends a bare LF) gets no answer, only a close.
                LogRequestTimeout(_logger, Remote, _slot?.WasEvicted == true ? "cut to make room for others" : "timed out");
                return;
            }

            if (line.Status == RequestLineStatus.Closed)
            {
                LogClosedEarly(_logger, Remote, line.BufferedLength);
                return;
            }

            GeminiResponse response;
            if (line.Status == RequestLineStatus.TooLong)
            {
                url = AccessLog.Escape(Encoding.UTF8.GetString(buffer, 0, Math.Min(line.BufferedLength, 64))) + "…";
                response = RequestRejection.ToResponse(RequestRejectionReason.RequestTooLong);
            }
            else
            {
                var lineBytes = buffer.AsSpan(0, line.LineLength);
                url = AccessLog.Escape(Encoding.UTF8.GetString(lineBytes));
                if (_slot?.TryMarkBusy() == false)
                {
                    // Cut to make room just as the line arrived: it was never admitted to be served.
                    LogRequestTimeout(_logger, Remote, "cut to make room for others");
                    return;
                }

                if (RequestParser.TryParse(lineBytes, _settings.Served, _local?.Address, out var parsed, out var reason))
                {
                    deadline.Begin(ConnectionPhase.Request, _settings.RequestTimeout);
                    _services.Events.OnPhase(ConnectionPhase.Request);
                    var request = parsed! with
                    {
                        Client = client,
                        RemoteEndPoint = _remote,
                        Body = parsed.Scheme == GeminiScheme.Titan
                            ? new TitanBody(stream, buffer.AsMemory(line.BodyStart, line.BufferedLength - line.BodyStart), () => deadline.Extend(_settings.RequestTimeout))
                            : null,
                    };
                    if (await InvokeApplicationAsync(request, deadline).ConfigureAwait(false) is not { } answer)
                    {
                        return;
                    }

                    response = answer;
                }
                else
                {
                    LogRejected(_logger, Remote, reason, url);
                    response = RequestRejection.ToResponse(reason);
                }
            }

            // A fresh token: a request that timed out or was cut off by shutdown still gets its
            // 40 or 41 as a whole TLS record (within a short grace when shutting down).
            deadline.Begin(ConnectionPhase.Response, deadline.Aborted ? ConnectionSettings.ShutdownWriteGrace : _settings.RequestTimeout);
            _services.Events.OnPhase(ConnectionPhase.Response);

            // A streamed file is opened before the header goes out, so a file that vanished or
            // cannot be read becomes a 51 instead of a 20 with an empty body.
            await using var file = OpenBodyFile(ref response);
            var bytes = await ResponseWriter.WriteAsync(stream, response, file, deadline.Token).ConfigureAwait(false);

            // Nothing left to say but close_notify: a client that opens its next connection the
            // moment it sees this one end must find the slot free.
            _slot?.Release();
            AccessLog.Request(_logger, Remote, url, response.Code, AccessLog.Escape(response.Meta, 200), bytes,
                _services.Time.GetElapsedTime(started).TotalMilliseconds, client is null ? "-" : client.Sha256[..16]);
        }
        catch (OperationCanceledException) when (deadline.TimedOut || deadline.Aborted)
        {
            LogResponseAbandoned(_logger, Remote, url, deadline.Aborted ? "shutdown" : "timeout");
        }
        catch (IOException ex)
        {
            LogClientGone(_logger, Remote, url, ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string Remote => AccessLog.FormatRemote(_remote?.Address, _settings.MaskRemoteAddresses);

    private static ClientCertificate? ReadClientCertificate(SslStream tls) => tls.RemoteCertificate switch
    {
        null => null,
        X509Certificate2 full => ClientCertificate.From(full),
        var other => ClientCertificate.From(X509CertificateLoader.LoadCertificate(other.GetRawCertData())),
    };

    /// <summary>The application's response, or null when the client is gone and nothing can be answered.</summary>
    private async ValueTask<GeminiResponse?> InvokeApplicationAsync(GeminiRequest request, ConnectionDeadline deadline)
    {
        try
        {
            return await _services.Application.HandleAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (ClientGoneException ex)
        {
            // A client going away mid-upload is not a server fault: nothing was saved, nobody to tell.
            LogClientGone(_logger, Remote, request.Url, ex.Message);
            return null;
        }
        catch (GeminiWiki.Domain.Storage.StorageFullException ex)
        {
            // Nothing was changed; reads go on, and saves work again once space is free.
            LogStorageFull(_logger, request.Url, ex.AvailableBytes, ex.ReserveBytes);
            return GeminiResponse.TemporaryFailure(ex.Message);
        }
        catch (TruncatedBodyException ex)
        {
            LogUploadCutShort(_logger, Remote, ex.Received, ex.Expected);
            return GeminiResponse.BadRequest(ex.Message);
        }
        catch (OperationCanceledException) when (deadline.TimedOut)
        {
            LogHandlerTimeout(_logger, Remote, request.Url);
            return GeminiResponse.TemporaryFailure("Request timed out; please try again");
        }
        catch (OperationCanceledException) when (deadline.Aborted)
        {
            return GeminiResponse.ServerUnavailable("Server is shutting down; please try again shortly");
        }
        catch (Exception ex)
        {
            LogHandlerFailed(_logger, ex, request.Url);
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
            LogBodyFileUnreadable(_logger, path, ex.Message);
            response = GeminiResponse.NotFound();
            return null;
        }
    }

    /// <summary>Every response ends with a TLS close_notify; Dispose alone would not send one.</summary>
    private async Task CloseNotifyAsync(SslStream tls, ConnectionDeadline deadline)
    {
        try
        {
            deadline.Begin(ConnectionPhase.Closing, ConnectionSettings.CloseTimeout);
            _services.Events.OnPhase(ConnectionPhase.Closing);
            await tls.ShutdownAsync().WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
            LogCloseNotifyFailed(_logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Remote} TLS handshake failed: {Reason}")]
    private static partial void LogHandshakeFailed(ILogger logger, string remote, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connection from {Remote} failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception, string remote);

    [LoggerMessage(Level = LogLevel.Debug, Message = "close_notify not sent: {Reason}")]
    private static partial void LogCloseNotifyFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Remote} sent no complete request line: {Why}; closed")]
    private static partial void LogRequestTimeout(ILogger logger, string remote, string why);

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Out of disk space: \"{Url}\" refused with {Available} bytes free, {Reserve} kept in reserve. Free some space; saves resume by themselves")]
    private static partial void LogStorageFull(ILogger logger, string url, long available, long reserve);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handler failed for \"{Url}\"")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string url);
}
