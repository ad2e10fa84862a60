using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using GeminiWiki.LoadGen.Measuring;
using GeminiWiki.LoadGen.Options;
using GeminiWiki.LoadGen.Transport;

namespace GeminiWiki.LoadGen.Running;

/// <summary>
/// One simulated client: connect → handshake → request → read to the end → close, again and again.
/// Its buffers, stream wrapper and statistics are its own and reused, so beyond what Socket and
/// SslStream need, a request allocates nothing.
/// </summary>
public sealed class GeminiClientWorker : IDisposable
{
    private const int MaxHeaderBytes = 1024 + 3 + 2; // "NN " + meta + CRLF

    private readonly LoopbackTarget _target;
    private readonly RequestTemplate _template;
    private readonly SslClientAuthenticationOptions _tls;
    private readonly TimeSpan _timeout;
    private readonly ServerCertificateSize _certificateSize;
    private readonly TrackingStream _transport = new();
    private readonly byte[] _line;
    private readonly byte[]? _body;
    private readonly byte[] _readBuffer = new byte[16 * 1024];
    private readonly byte[] _header = new byte[MaxHeaderBytes];
    private CancellationTokenSource _deadline = new();

    public GeminiClientWorker(LoopbackTarget target, RequestTemplate template, SslClientAuthenticationOptions tls, TimeSpan timeout, ServerCertificateSize certificateSize)
    {
        _target = target;
        _template = template;
        _tls = tls;
        _timeout = timeout;
        _certificateSize = certificateSize;
        _line = new byte[template.MaxLineLength];
        _body = template.NewBodyBuffer();
    }

    public WorkerStats Stats { get; } = new();

    /// <summary>Runs one request; records it in <see cref="Stats"/> when <paramref name="measured"/>. Returns the status, or -1.</summary>
    public async Task<int> RunOneAsync(long number, bool measured)
    {
        if (!_deadline.TryReset())
        {
            _deadline.Dispose();
            _deadline = new CancellationTokenSource();
        }

        _deadline.CancelAfter(_timeout);
        var token = _deadline.Token;
        var started = Stopwatch.GetTimestamp();
        var stage = ErrorKind.Connect;
        var status = -1;
        ErrorKind? error = null;
        long handshakeTicks = 0;
        var resumed = false;
        long received = 0;

        var socket = new Socket(_target.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? tls = null;
        try
        {
            await socket.ConnectAsync(_target.EndPoint, token).ConfigureAwait(false);
            if (socket.LocalEndPoint is System.Net.IPEndPoint local && local.Equals(_target.EndPoint))
            {
                // TCP simultaneous open: with nobody listening, the kernel may connect a socket to itself.
                throw new SocketException((int)SocketError.ConnectionRefused);
            }

            stage = ErrorKind.Handshake;
            _transport.Attach(socket);
            tls = new SslStream(_transport, leaveInnerStreamOpen: true);
            await tls.AuthenticateAsClientAsync(_tls, token).ConfigureAwait(false);
            handshakeTicks = Stopwatch.GetTimestamp() - started;
            resumed = _certificateSize.LooksResumed(_transport.BytesRead, tls);

            stage = ErrorKind.Reset;
            var lineLength = _template.Format(number, _line, _body);
            await tls.WriteAsync(_line.AsMemory(0, lineLength), token).ConfigureAwait(false);
            if (_body is not null)
            {
                await tls.WriteAsync(_body, token).ConfigureAwait(false);
            }

            // Read everything: the header (up to its LF), then the body until the server closes.
            var headerLength = 0;
            var headerDone = false;
            int read;
            while ((read = await tls.ReadAsync(_readBuffer, token).ConfigureAwait(false)) > 0)
            {
                received += read;
                if (!headerDone)
                {
                    var chunk = _readBuffer.AsSpan(0, read);
                    var take = Math.Min(chunk.Length, _header.Length - headerLength);
                    chunk[..take].CopyTo(_header.AsSpan(headerLength));
                    var lf = _header.AsSpan(headerLength, take).IndexOf((byte)'\n');
                    headerLength += take;
                    if (lf >= 0)
                    {
                        headerDone = true;
                        status = ParseStatus(_header.AsSpan(0, headerLength - take + lf + 1));
                        if (status < 0)
                        {
                            error = ErrorKind.Protocol;
                        }
                    }
                    else if (headerLength >= _header.Length)
                    {
                        headerDone = true;
                        error = ErrorKind.Protocol;
                    }
                }
            }

            if (!headerDone)
            {
                error = ErrorKind.Protocol;
            }

            if (_transport.SawEndOfStream && error is null)
            {
                // The TCP stream ended under TLS before any close_notify: SslStream returned 0 for the FIN.
                error = ErrorKind.ClosedWithoutCloseNotify;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            error = ErrorKind.Timeout;
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or ObjectDisposedException)
        {
            error = stage;
        }
        finally
        {
            tls?.Dispose();
            _transport.Detach();
            socket.Dispose();
        }

        if (measured)
        {
            var stats = Stats;
            stats.Attempted++;
            if (status >= 0)
            {
                stats.Completed++;
                stats.Statuses[status]++;
                stats.Latency.Record(ToMicros(Stopwatch.GetTimestamp() - started));
                if (status is >= 20 and < 30 && error is null)
                {
                    stats.Succeeded++;
                }
            }

            if (handshakeTicks > 0)
            {
                stats.Handshake.Record(ToMicros(handshakeTicks));
                if (resumed)
                {
                    stats.ResumedHandshakes++;
                }
                else
                {
                    stats.FullHandshakes++;
                }
            }

            if (error is { } kind)
            {
                stats.Errors[(int)kind]++;
            }

            stats.BytesReceived += received;
        }

        return error is null || error == ErrorKind.ClosedWithoutCloseNotify ? status : -1;
    }

    /// <summary>"NN" then a space or the CRLF; returns -1 for anything else.</summary>
    internal static int ParseStatus(ReadOnlySpan<byte> header)
    {
        if (header.Length < 4 || header[^1] != '\n' || header[^2] != '\r')
        {
            return -1;
        }

        var first = header[0] - '0';
        var second = header[1] - '0';
        if (first is < 1 or > 6 || second is < 0 or > 9 || (header[2] != ' ' && header[2] != '\r'))
        {
            return -1;
        }

        return (first * 10) + second;
    }

    private static long ToMicros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;

    public void Dispose()
    {
        _deadline.Dispose();
        _transport.Dispose();
    }
}

/// <summary>
/// Tells a resumed handshake from a full one without private APIs: a full handshake carries the
/// server's certificate, so it reads more bytes than the certificate is long; a resumed one does not.
/// The size is learnt from the first full handshake of the run.
/// </summary>
public sealed class ServerCertificateSize
{
    private int _length;

    public int Length => Volatile.Read(ref _length);

    public bool LooksResumed(long handshakeBytes, SslStream tls)
    {
        var length = Volatile.Read(ref _length);
        if (length == 0)
        {
            if (tls.RemoteCertificate is { } certificate)
            {
                Volatile.Write(ref _length, certificate.GetRawCertData().Length);
            }

            return false;
        }

        return handshakeBytes < length;
    }
}
