using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Admin;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Domain.Identity.Authority;
using GeminiWiki.Server.Control;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace GeminiWiki.Server.Commands;

/// <summary>
/// The admin operations from a shell, against the data folder the server would use (same
/// gemini.json, environment and --Gemini:DataDirectory overrides). While the server runs, the
/// commands it can answer go to it over its control socket; while it is stopped they open the
/// database themselves. Output and exit codes are the same either way.
/// </summary>
public static class AdminCommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadConfiguration = 2;

    /// <summary>check (or restore's check of the backup) found damage; each damaged thing is named on stderr.</summary>
    public const int Damaged = 3;
    public const int Usage = 64;
    public const int DatabaseInUse = 75;

    /// <summary>The server's control socket refused the user running the command.</summary>
    public const int NotPermitted = 77;

    /// <summary>
    /// Verbs that read their own arguments and do their own work, registered here by name; add one
    /// line per verb. They get the whole argument list (the verb first).
    /// </summary>
    private static readonly Dictionary<string, Func<string[], TextWriter, TextWriter, TimeProvider, int>> StandaloneVerbs = new(StringComparer.Ordinal)
    {
        ["help"] = (_, output, _, _) => Help(output),
        [ImportCommand.Verb] = ImportCommand.Run,
    };

    public static bool Handles(string[] args) =>
        args.Length > 0 && (StandaloneVerbs.ContainsKey(args[0]) || AdminCommands.RunsInServer(args[0]) || StorageCommands.Handles(args[0]));

    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var verb = args[0];
        if (StandaloneVerbs.TryGetValue(verb, out var standalone))
        {
            return standalone(args, output, error, time);
        }

        var request = AdminRequest.Parse(args, out var settings, out var problem);
        if (request is null || UsageOf(request) is { } usage)
        {
            if (problem is not null)
            {
                error.WriteLine($"geminiwiki {verb}: {problem}");
            }

            error.WriteLine(request is null ? UsageOf(new AdminRequest(verb, null)) : UsageOf(request));
            return Usage;
        }

        ServerPaths paths;
        string hostname;
        try
        {
            (paths, hostname) = ResolvePaths(settings);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException or InvalidOperationException)
        {
            error.WriteLine($"geminiwiki: cannot read the configuration: {ex.Message}");
            return BadConfiguration;
        }

        if (AdminCommands.RunsInServer(verb) && ControlClient.TrySend(paths.DataDirectory, request) is { } reply)
        {
            output.Write(reply.Output);
            error.Write(reply.Error);
            return reply.ExitCode;
        }

        if (StorageCommands.Handles(verb))
        {
            return StorageCommands.Run(verb, request.Argument, paths.DataDirectory, output, error, time);
        }

        WikiDatabase database;
        try
        {
            database = WikiDatabase.Open(paths.DataDirectory);
        }
        catch (DatabaseLockedException ex)
        {
            error.WriteLine($"geminiwiki: {ex.Message} Stop the server first, or use the /admin pages while it runs.");
            return DatabaseInUse;
        }

        using (database)
        {
            var identity = new IdentityDatabase(database);
            identity.Initialize();
            using var refusals = new LiteRefusalLog(identity, time);
            using var authority = new CertificateAuthorityFolder(paths.CertificateDirectory, hostname);
            var context = new AdminContext(database, new LiteAccountStore(identity), new LiteAllowList(identity), refusals,
                new LiteIssuedCertificates(identity), authority, hostname, time);
            return AdminCommands.Execute(request, context, output, error);
        }
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine("geminiwiki                 run the server");
        foreach (var action in AdminAction.All)
        {
            output.WriteLine(UsageOf(new AdminRequest(action.Verb, null)));
        }

        output.WriteLine(IssueCommand.Usage);
        output.WriteLine($"usage: geminiwiki {AdminCommands.ListVerb} [--config gemini.json] [--Gemini:DataDirectory folder]");
        output.WriteLine(UsageOf(new AdminRequest(StorageCommands.Backup, null)));
        output.WriteLine($"usage: geminiwiki {StorageCommands.Check} [--config gemini.json] [--Gemini:DataDirectory folder]   (server stopped)");
        output.WriteLine(UsageOf(new AdminRequest(StorageCommands.Restore, null)) + "   (server stopped)");
        foreach (var verb in StandaloneVerbs.Keys.Where(v => v != "help"))
        {
            output.WriteLine($"usage: geminiwiki {verb} …   (run it without arguments for its usage)");
        }

        output.WriteLine("While the server runs, every command but check and restore goes to it through its control socket.");
        output.WriteLine("Exit codes: 0 done, 1 failed, 2 bad configuration, 3 damage found, 64 usage, 75 database in use, 77 refused by the control socket.");
        return Ok;
    }

    /// <summary>The usage line when <paramref name="request"/> lacks its argument; null when it has what it needs.</summary>
    private static string? UsageOf(AdminRequest request)
    {
        const string settings = "[--config gemini.json] [--Gemini:DataDirectory folder]";
        if (request.Argument is not null)
        {
            return null;
        }

        if (AdminAction.TryFind(request.Verb, out var action))
        {
            var argument = action.Argument switch
            {
                AdminArgument.Fingerprint => "fingerprint",
                AdminArgument.AccountName => "account name",
                _ => "serial number|fingerprint",
            };
            return $"usage: geminiwiki {request.Verb} <{argument}> {settings}";
        }

        if (request.Verb == IssueCommand.Verb)
        {
            return IssueCommand.Usage;
        }

        return StorageCommands.NeedsFile(request.Verb) ? $"usage: geminiwiki {request.Verb} <file> {settings}" : null;
    }

    /// <summary>The data folder exactly as the server resolves it: gemini.json, then environment, then arguments.</summary>
    public static string ResolveDataDirectory(string[] settings) => ResolvePaths(settings).Paths.DataDirectory;

    /// <summary>The server's folders and host name, resolved as the server resolves them.</summary>
    public static (ServerPaths Paths, string Hostname) ResolvePaths(string[] settings)
    {
        var file = ConfigurationFile.Find(settings);
        var configuration = file.AddSources(new ConfigurationBuilder(), settings, reloadOnChange: false).Build();
        var options = configuration.GetSection(GeminiOptions.Section).Get<GeminiOptions>() ?? new GeminiOptions();
        return (ServerPaths.Resolve(file.ContentRoot, options), options.Hostname);
    }
}
