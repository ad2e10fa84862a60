namespace GeminiWiki.Server.Hosting;

/// <summary>The folders of one server instance, made absolute against the content root (where gemini.json is).</summary>
public sealed record ServerPaths(string ContentRoot, string ContentDirectory, string DataDirectory, string CertificateDirectory)
{
    public static ServerPaths Resolve(string contentRoot, GeminiOptions options) => new(
        contentRoot,
        Path.GetFullPath(options.ContentDirectory, contentRoot),
        Path.GetFullPath(options.DataDirectory, contentRoot),
        Path.GetFullPath(options.CertificateDirectory, contentRoot));
}
