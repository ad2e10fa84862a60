namespace GeminiWiki.Server.Tls;

/// <summary>A host name the server presents a certificate of its own for: a configured PEM pair, or a generated one when the paths are null.</summary>
public sealed record HostCertificateSource(string Host, string? CertificatePath, string? KeyPath);

/// <summary>The hosts, besides the capsule's own, that have certificates of their own (the spaces' hosts).</summary>
public interface IHostCertificateSources
{
    IReadOnlyList<HostCertificateSource> Hosts { get; }
}
