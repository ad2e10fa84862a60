using System.Net;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Server.Connections;

/// <summary>What the transport knows about one connection once TLS is up.</summary>
public sealed record ConnectionContext(
    IPEndPoint? RemoteEndPoint,
    IPEndPoint? LocalEndPoint,
    X509Certificate2? ClientCertificate,
    ServedAuthority Served);
