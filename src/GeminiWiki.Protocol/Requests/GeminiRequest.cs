using System.Net;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Titan;

namespace GeminiWiki.Protocol.Requests;

/// <summary>
/// A request that passed every protocol rule: an absolute gemini:// or titan:// URI for a host and
/// port this server serves, with a normalised path. Connection facts (certificate, address, body)
/// are filled in by the connection, not the parser.
/// </summary>
public sealed record GeminiRequest
{
    /// <summary>The request line as received (without CRLF).</summary>
    public required string Url { get; init; }

    public required GeminiScheme Scheme { get; init; }

    /// <summary>The host, lower-cased and without a trailing dot (IPv6 literals keep their brackets).</summary>
    public required string Host { get; init; }

    /// <summary>The port as written in the URI, or null where none was given.</summary>
    public int? Port { get; init; }

    /// <summary>The path with dot-segments removed, still percent-encoded; always starts with '/'.</summary>
    public required string Path { get; init; }

    /// <summary>The raw query after '?', still percent-encoded; null where the URI has no '?'.</summary>
    public string? Query { get; init; }

    /// <summary>Titan upload parameters; null for gemini:// requests.</summary>
    public TitanParameters? Titan { get; init; }

    /// <summary>The client certificate presented in the handshake, read once per connection; null when none was.</summary>
    public ClientCertificate? Client { get; init; }

    public IPEndPoint? RemoteEndPoint { get; init; }

    /// <summary>The Titan body reader; null for gemini:// requests.</summary>
    public IRequestBody? Body { get; init; }

    /// <summary>The query percent-decoded as UTF-8 (null where absent or undecodable).</summary>
    public string? DecodedQuery => Query is null ? null : PercentEncoding.TryDecode(Query, out var text) ? text : null;

    /// <summary>"gemini://host[:port]" for building absolute links back to this server.</summary>
    public string BaseUrl => Port is null ? $"gemini://{Host}" : $"gemini://{Host}:{Port}";
}
