namespace GeminiWiki.Server.Hosting;

/// <summary>The "Gemini" section of gemini.json: how the server listens, where its files are, its limits.</summary>
public sealed class GeminiOptions
{
    public const string Section = "Gemini";

    /// <summary>The host name clients use; the generated certificate's CN and SAN.</summary>
    public string Hostname { get; set; } = "localhost";

    /// <summary>Further host names served (requests for other hosts get 53).</summary>
    public List<string> HostAliases { get; set; } = [];

    /// <summary>The TCP port to listen on; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 1965;

    /// <summary>The port clients put in URLs when it differs from <see cref="Port"/> (port forwarding).</summary>
    public int? PublicPort { get; set; }

    /// <summary>
    /// Addresses to listen on. Empty (the default) means "::", IPv6 and IPv4 at once (dual-stack),
    /// or 0.0.0.0 where the machine has no IPv6. (A default list here would be appended to, not
    /// replaced, by configuration binding.)
    /// </summary>
    public List<string> ListenAddresses { get; set; } = [];

    /// <summary>The lang parameter of text/gemini responses.</summary>
    public string Language { get; set; } = "en";

    public string ContentDirectory { get; set; } = "content";

    public string DataDirectory { get; set; } = "data";

    /// <summary>Where the generated server certificate lives.</summary>
    public string CertificateDirectory { get; set; } = "certs";

    /// <summary>A PEM certificate to use instead of the generated one (with <see cref="KeyPath"/>).</summary>
    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    /// <summary>Refuse TLS 1.2 and accept 1.3 only.</summary>
    public bool RequireTls13 { get; set; }

    public int HandshakeTimeoutSeconds { get; set; } = 10;

    /// <summary>How long a client has to send its request line (and a Titan body); must be over 5 s.</summary>
    public int RequestTimeoutSeconds { get; set; } = 10;

    public int MaxConnections { get; set; } = 1024;

    public int MaxConnectionsPerIp { get; set; } = 32;

    /// <summary>
    /// Live connections from one network: an IPv4 /24 or an IPv6 /64 (one host's many addresses).
    /// Unset: a quarter of <see cref="MaxConnections"/>, and at least <see cref="MaxConnectionsPerIp"/>.
    /// </summary>
    public int? MaxConnectionsPerNetwork { get; set; }

    public int EffectiveMaxConnectionsPerNetwork => MaxConnectionsPerNetwork ?? Math.Max(MaxConnectionsPerIp, MaxConnections / 4);

    /// <summary>How long shutdown waits for requests in flight.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 10;

    /// <summary>Log remote addresses with their last part hidden.</summary>
    public bool MaskRemoteAddresses { get; set; }

    public int EffectivePublicPort(int boundPort) => PublicPort ?? boundPort;

    public IEnumerable<string> ServedHostNames => new[] { Hostname }.Concat(HostAliases);
}
