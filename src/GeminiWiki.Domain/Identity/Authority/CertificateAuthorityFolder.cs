namespace GeminiWiki.Domain.Identity.Authority;

/// <summary>
/// Where the wiki's CA lives, created on first use (the first `issue`). Read once: while the server
/// runs, every `issue` goes through it (the control socket), so it is the one that creates the CA.
/// </summary>
public sealed class CertificateAuthorityFolder(string directory, string hostname) : IDisposable
{
    private readonly Lock _gate = new();
    private bool _loaded;
    private WikiCertificateAuthority? _authority;

    public string Directory { get; } = directory;

    /// <summary>The CA, or null when none was created yet.</summary>
    public WikiCertificateAuthority? Current
    {
        get
        {
            if (Volatile.Read(ref _loaded))
            {
                return _authority;
            }

            lock (_gate)
            {
                if (!_loaded)
                {
                    _authority = WikiCertificateAuthority.TryLoad(Directory);
                    Volatile.Write(ref _loaded, true);
                }

                return _authority;
            }
        }
    }

    /// <summary>The CA, creating it now if there is none; <paramref name="created"/> tells which.</summary>
    public WikiCertificateAuthority GetOrCreate(DateTimeOffset now, out bool created)
    {
        created = false;
        if (Current is { } existing)
        {
            return existing;
        }

        lock (_gate)
        {
            if (_authority is null)
            {
                _authority = WikiCertificateAuthority.Create(Directory, hostname, now);
                created = true;
            }

            return _authority;
        }
    }

    public void Dispose() => _authority?.Dispose();
}
