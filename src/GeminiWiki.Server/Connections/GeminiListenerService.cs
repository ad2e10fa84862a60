using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Server.Hosting;
using GeminiWiki.Server.Logging;
using GeminiWiki.Server.Tls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Connections;

/// <summary>
/// Owns the listening sockets. Binds in StartAsync, so a taken port or a bad certificate stops
/// start-up loudly; then accepts, hands each connection off and survives anything one connection
/// does. Live connections are tracked so shutdown can let them finish within a bound.
/// </summary>
public sealed partial class GeminiListenerService(
    IOptions<GeminiOptions> options,
    ServerCertificateStore certificates,
    ConnectionServices services,
    ConnectionLimiter limiter,
    TimeProvider time,
    ILogger<GeminiListenerService> logger) : BackgroundService
{
    private readonly GeminiOptions _options = options.Value;
    private readonly List<Socket> _listeners = [];
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly CancellationTokenSource _abortConnections = new();
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionSettings? _settings;
    private long _nextConnectionId;
    private bool _stopping;

    /// <summary>The first bound endpoint, once listening (port 0 resolves to the real port).</summary>
    public Task<IPEndPoint> BoundEndPoint => _bound.Task;

    public int LiveConnections => _connections.Count;

    /// <summary>Signals as connections enter each phase and close, for tests that must not poll.</summary>
    public ConnectionEvents Events => services.Events;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var certificate = certificates.LoadOrCreate();
        var tls = ServerTlsOptions.Create(certificate, _options.RequireTls13);
        var hostCertificates = certificates.LoadOrCreateHostCertificates();

        if (_options.ListenAddresses.Count == 0)
        {
            _listeners.Add(Socket.OSSupportsIPv6 ? Bind(IPAddress.IPv6Any, _options.Port) : Bind(IPAddress.Any, _options.Port));
        }
        else
        {
            foreach (var text in _options.ListenAddresses.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                // With port 0 the first address picks a free port and the others share it.
                var port = _listeners.Count == 0 ? _options.Port : ((IPEndPoint)_listeners[0].LocalEndPoint!).Port;
                _listeners.Add(Bind(IPAddress.Parse(text), port));
            }
        }

        var first = (IPEndPoint)_listeners[0].LocalEndPoint!;
        _settings = new ConnectionSettings(
            tls,
            new ServedAuthority(_options.ServedHostNames.Concat(hostCertificates.Keys), _options.EffectivePublicPort(first.Port), acceptTitan: true),
            TimeSpan.FromSeconds(_options.HandshakeTimeoutSeconds),
            TimeSpan.FromSeconds(_options.RequestTimeoutSeconds),
            _options.MaskRemoteAddresses)
        {
            TlsByServerName = ServerTlsOptions.ByServerName(tls, hostCertificates, _options.RequireTls13),
        };
        foreach (var listener in _listeners)
        {
            LogListening(logger, listener.LocalEndPoint!.ToString()!, _options.Hostname);
        }

        _bound.TrySetResult(first);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_listeners.Select(listener => AcceptLoopAsync(listener, stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop accepting first; then give requests in flight their bounded time; then cut them off.
        Volatile.Write(ref _stopping, true);
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var live = _connections.Values.ToArray();
        if (live.Length > 0)
        {
            LogDraining(logger, live.Length, _options.ShutdownTimeoutSeconds);
            try
            {
                await Task.WhenAll(live).WaitAsync(TimeSpan.FromSeconds(_options.ShutdownTimeoutSeconds), time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                await _abortConnections.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(_connections.Values.ToArray()).WaitAsync(TimeSpan.FromSeconds(2), time, CancellationToken.None)
                    .ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    public override void Dispose()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _abortConnections.Dispose();
        base.Dispose();
    }

    private Socket Bind(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Equals(IPAddress.IPv6Any))
            {
                // "::" serves IPv4 clients too, as ::ffff:a.b.c.d.
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(512);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new StartupException($"Cannot listen on {new IPEndPoint(address, port)}: {ex.Message}. Is another server using the port? Set Gemini:Port or Gemini:ListenAddresses.", ex);
        }
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException) when (Volatile.Read(ref _stopping))
            {
                // The listener was closed for shutdown. (An aborted accept can also happen under
                // load while running: then it is logged below and the loop goes on.)
                break;
            }
            catch (SocketException ex)
            {
                // Out of descriptors or a connection reset before accept: log and keep serving.
                LogAcceptFailed(logger, ex.SocketErrorCode.ToString());
                continue;
            }

            var remote = (IPEndPoint)socket.RemoteEndPoint!;
            if (limiter.TryAcquire(remote.Address, () => socket.Available > 0) is not { } slot)
            {
                LogRefusedOverLimit(logger, AccessLog.FormatRemote(remote.Address, _options.MaskRemoteAddresses), limiter.Total);
                socket.Dispose();
                continue;
            }

            var id = Interlocked.Increment(ref _nextConnectionId);
            // Tracked before it runs, so it can only be untracked after; handed off at once, so
            // the handshake does not delay the next accept.
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[id] = finished.Task;
            _ = Task.Run(() => RunConnectionAsync(id, socket, remote, slot, finished), CancellationToken.None);
        }
    }

    private async Task RunConnectionAsync(long id, Socket socket, IPEndPoint remote, ConnectionSlot slot, TaskCompletionSource finished)
    {
        try
        {
            socket.NoDelay = true;
            var connection = new GeminiConnection(_settings!, services, new NetworkStream(socket, ownsSocket: true), remote,
                socket.LocalEndPoint as IPEndPoint, _abortConnections.Token, slot);
            await connection.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset between accept and hand-off: nothing to answer.
            socket.Dispose();
        }
        finally
        {
            slot.Release();
            _connections.TryRemove(id, out _);
            services.Events.OnClosed();
            finished.SetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on {EndPoint} as gemini://{Hostname}/")]
    private static partial void LogListening(ILogger logger, string endPoint, string hostname);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: waiting up to {Seconds} s for {Count} connections")]
    private static partial void LogDraining(ILogger logger, int count, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accept failed ({Error}); still listening")]
    private static partial void LogAcceptFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Remote} refused: connection limit reached ({Total} live)")]
    private static partial void LogRefusedOverLimit(ILogger logger, string remote, int total);
}
