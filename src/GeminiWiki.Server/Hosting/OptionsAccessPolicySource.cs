using GeminiWiki.Domain.Access;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Hosting;

/// <summary>
/// The access policy from the "Identity" section of gemini.json, rebuilt when the file changes. A
/// bad entry stops start-up; after start-up a bad edit is logged and the last good policy stays in
/// force, so a typo never locks everyone out or opens the wiki.
/// </summary>
public sealed partial class OptionsAccessPolicySource : IAccessPolicySource, IDisposable
{
    private readonly string _baseDirectory;
    private readonly ILogger<OptionsAccessPolicySource> _logger;
    private readonly IDisposable? _subscription;
    private volatile AccessPolicy _current;

    public OptionsAccessPolicySource(IOptionsMonitor<IdentityOptions> options, ServerPaths paths, ILogger<OptionsAccessPolicySource> logger)
    {
        _baseDirectory = paths.ContentRoot;
        _logger = logger;
        _current = AccessPolicy.Compile(options.CurrentValue, _baseDirectory, out var problems);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(IdentityOptions.Section, typeof(IdentityOptions), problems);
        }

        _subscription = options.OnChange(Reload);
    }

    public AccessPolicy Current => _current;

    private void Reload(IdentityOptions options)
    {
        var policy = AccessPolicy.Compile(options, _baseDirectory, out var problems);
        if (problems.Count > 0)
        {
            LogRejected(_logger, string.Join("; ", problems));
            return;
        }

        _current = policy;
        LogReloaded(_logger, policy.Read, policy.Edit, policy.AdminFingerprints.Count, policy.AllowList.Count, policy.DenyList.Count);
    }

    public void Dispose() => _subscription?.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Identity settings in gemini.json not applied, the previous ones stay in force: {Problems}")]
    private static partial void LogRejected(ILogger logger, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity settings reloaded: read {Read}, edit {Edit}, {Admins} admin, {Allowed} allowed and {Denied} denied fingerprints in gemini.json")]
    private static partial void LogReloaded(ILogger logger, ReadPolicy read, EditPolicy edit, int admins, int allowed, int denied);
}

/// <summary>Reads the identity settings once at start-up so a bad entry stops the server before it listens.</summary>
internal sealed class AccessPolicyStartupCheck(IAccessPolicySource policies) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = policies.Current;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
