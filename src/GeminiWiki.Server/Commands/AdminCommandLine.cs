using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Admin;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace GeminiWiki.Server.Commands;

/// <summary>
/// The admin operations from a shell, against the data folder the server would use (same
/// gemini.json, environment and --Gemini:DataDirectory overrides). The database can only be opened
/// while the server is stopped: the lock file makes that a clear error rather than corruption.
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

    private const string ListVerb = "list";

    public static bool Handles(string[] args) =>
        args.Length > 0 && (args[0] == ListVerb || args[0] == ImportCommand.Verb || StorageCommands.Handles(args[0]) || AdminAction.TryFind(args[0], out _));

    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        if (args[0] == ImportCommand.Verb)
        {
            return ImportCommand.Run(args, output, error, time);
        }

        var verb = args[0];
        var hasArgument = args.Length > 1 && !args[1].StartsWith('-');
        var argument = hasArgument ? args[1] : null;
        var settings = args.Skip(hasArgument ? 2 : 1).ToArray();
        AdminAction.TryFind(verb, out var action);
        if (action is not null && argument is null)
        {
            error.WriteLine($"usage: geminiwiki {verb} <{(action.Argument == AdminArgument.Fingerprint ? "fingerprint" : "account name")}> [--config gemini.json] [--Gemini:DataDirectory folder]");
            return Usage;
        }

        if (StorageCommands.NeedsFile(verb) && argument is null)
        {
            error.WriteLine($"usage: geminiwiki {verb} <file> [--config gemini.json] [--Gemini:DataDirectory folder]");
            return Usage;
        }

        string dataDirectory;
        try
        {
            dataDirectory = ResolveDataDirectory(settings);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException or InvalidOperationException)
        {
            error.WriteLine($"geminiwiki: cannot read the configuration: {ex.Message}");
            return BadConfiguration;
        }

        if (StorageCommands.Handles(verb))
        {
            return StorageCommands.Run(verb, argument, dataDirectory, output, error, time);
        }

        WikiDatabase database;
        try
        {
            database = WikiDatabase.Open(dataDirectory);
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
            var accounts = new LiteAccountStore(identity);
            var allowList = new LiteAllowList(identity);
            if (action is null)
            {
                using var refusals = new LiteRefusalLog(identity, time);
                List(accounts, allowList, refusals, output);
                return Ok;
            }

            var actor = $"command line ({Environment.UserName})";
            AdminOutcome outcome;
            try
            {
                outcome = action.Run(accounts, allowList, argument!, actor, time.GetUtcNow());
            }
            catch (StorageFullException ex)
            {
                error.WriteLine($"geminiwiki: {ex.Message}");
                return Failed;
            }

            (outcome.Succeeded ? output : error).WriteLine(outcome.Message);
            return outcome.Succeeded ? Ok : Failed;
        }
    }

    /// <summary>The data folder exactly as the server resolves it: gemini.json, then environment, then arguments.</summary>
    public static string ResolveDataDirectory(string[] settings)
    {
        var file = ConfigurationFile.Find(settings);
        var configuration = file.AddSources(new ConfigurationBuilder(), settings, reloadOnChange: false).Build();
        var options = configuration.GetSection(GeminiOptions.Section).Get<GeminiOptions>() ?? new GeminiOptions();
        return ServerPaths.Resolve(file.ContentRoot, options).DataDirectory;
    }

    private static void List(IAccountStore accounts, IAllowList allowList, IRefusalLog refusals, TextWriter output)
    {
        output.WriteLine("Allow-list:");
        foreach (var entry in allowList.List())
        {
            output.WriteLine($"  {entry.Fingerprint.Hex}  {entry.CommonName}  allowed by {entry.AddedBy} on {RefusalMessages.Format(entry.Added)}");
        }

        output.WriteLine("Accounts:");
        foreach (var account in accounts.ListAccounts())
        {
            output.WriteLine($"  {account.Name}  {account.Role.ToString().ToLowerInvariant()}{(account.Banned ? "  banned" : string.Empty)}  created {RefusalMessages.Format(account.Created)}");
            foreach (var certificate in accounts.CertificatesOf(account.Id))
            {
                output.WriteLine($"    {certificate.Fingerprint.Hex}  {certificate.Subject}  until {RefusalMessages.Format(certificate.NotAfter)}");
            }
        }

        output.WriteLine("Recently refused:");
        foreach (var refused in refusals.Recent())
        {
            output.WriteLine($"  {refused.Fingerprint.Hex}  CN \"{refused.CommonName}\"  {refused.Count} times, last {RefusalMessages.Format(refused.LastSeen)}");
        }
    }
}
