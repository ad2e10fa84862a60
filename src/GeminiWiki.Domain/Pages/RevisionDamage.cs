using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeminiWiki.Domain.Pages;

/// <summary>
/// The checksum each revision keeps of its text: SHA-256 of the UTF-8 bytes, lower-case hex.
/// LiteDB pages carry no checksums, so without it a flipped byte would be served as the page.
/// </summary>
public static class TextHash
{
    public static string Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>A revision whose stored text cannot be trusted: it fails its checksum, is missing or cannot be read.</summary>
public sealed class DamagedRevisionException(PageName name, int revision, string reason)
    : Exception($"The stored text of revision {revision} of '{name.Value}' is damaged ({reason}); an admin has been told")
{
    public PageName Name { get; } = name;

    public int Revision { get; } = revision;

    public string Reason { get; } = reason;
}

/// <summary>One damaged revision found since start.</summary>
public sealed record DamagedRevision(PageName Name, int Revision, string Reason, DateTimeOffset Found);

/// <summary>
/// Damaged revisions found since the server started, for the admin page, each logged once at
/// Error. A short list in memory: `check` is the full report, and a restart finds them again on
/// the next read.
/// </summary>
public sealed partial class RevisionDamage(ILogger<RevisionDamage>? logger = null, TimeProvider? time = null)
{
    private const int Kept = 100;

    private readonly ILogger _logger = logger ?? NullLogger<RevisionDamage>.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly List<DamagedRevision> _found = [];

    public IReadOnlyList<DamagedRevision> Found
    {
        get
        {
            lock (_gate)
            {
                return _found.ToArray();
            }
        }
    }

    public void Report(PageName name, int revision, string reason)
    {
        lock (_gate)
        {
            if (_found.Exists(d => d.Name.Key == name.Key && d.Revision == revision))
            {
                return;
            }

            if (_found.Count == Kept)
            {
                _found.RemoveAt(0);
            }

            _found.Add(new DamagedRevision(name, revision, reason, _time.GetUtcNow()));
        }

        LogDamaged(_logger, name.Value, revision, reason);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Revision {Revision} of '{Page}' is damaged: {Reason}. It is answered with 40; restore a backup or save the page again")]
    private static partial void LogDamaged(ILogger logger, string page, int revision, string reason);
}
