using System.Net.Security;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Routing;
using Microsoft.Extensions.Logging;

namespace GeminiWiki.Server.Connections;

/// <summary>What every connection shares, fixed once the listener is bound.</summary>
public sealed record ConnectionSettings(
    SslServerAuthenticationOptions Tls,
    ServedAuthority Served,
    TimeSpan HandshakeTimeout,
    TimeSpan RequestTimeout,
    bool MaskRemoteAddresses)
{
    /// <summary>
    /// When spaces have hosts of their own: picks the TLS settings (the certificate) by the name the
    /// client asked for in SNI; null when every connection uses <see cref="Tls"/>.
    /// </summary>
    public ServerOptionsSelectionCallback? TlsByServerName { get; init; }

    /// <summary>How long a connection may take to send its close_notify.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a request cut off by shutdown has to send its 41.</summary>
    public static readonly TimeSpan ShutdownWriteGrace = TimeSpan.FromSeconds(2);
}

/// <summary>The services every connection uses.</summary>
public sealed class ConnectionServices(IGeminiHandler application, TimeProvider time, ConnectionEvents events, ILogger<GeminiConnection> logger)
{
    public IGeminiHandler Application { get; } = application;

    public TimeProvider Time { get; } = time;

    public ConnectionEvents Events { get; } = events;

    public ILogger<GeminiConnection> Logger { get; } = logger;
}
