using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Admin;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Authority;
using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Server.Commands;

/// <summary>
/// What the admin commands work on: the stores of a database opened by the command line, or the
/// running server's own (through the control socket), so that cached answers there stay true.
/// </summary>
public sealed record AdminContext(
    WikiDatabase Database,
    IAccountStore Accounts,
    IAllowList AllowList,
    IRefusalLog Refusals,
    IIssuedCertificates Issued,
    CertificateAuthorityFolder Authority,
    string Hostname,
    TimeProvider Time);

/// <summary>
/// The commands that work the same with the server up or down: the admin actions, list, issue and
/// backup. The same code runs in the command-line process or in the server, so the output and the
/// exit code are the same either way.
/// </summary>
public static class AdminCommands
{
    public const string ListVerb = "list";

    /// <summary>The actor written to the audit log.</summary>
    public static string Actor => $"command line ({Environment.UserName})";

    /// <summary>True for the verbs a running server answers over the control socket.</summary>
    public static bool RunsInServer(string verb) =>
        verb is ListVerb or IssueCommand.Verb or StorageCommands.Backup || AdminAction.TryFind(verb, out _);

    public static int Execute(AdminRequest request, AdminContext context, TextWriter output, TextWriter error)
    {
        try
        {
            return request.Verb switch
            {
                ListVerb => List(context, output),
                IssueCommand.Verb => IssueCommand.Run(request, context, output, error),
                StorageCommands.Backup => StorageCommands.WriteBackup(context.Database, request.Argument!, output, context.Time),
                _ => RunAction(request, context, output, error),
            };
        }
        catch (StorageFullException ex)
        {
            error.WriteLine($"geminiwiki: {ex.Message}");
            return AdminCommandLine.Failed;
        }
    }

    private static int RunAction(AdminRequest request, AdminContext context, TextWriter output, TextWriter error)
    {
        AdminAction.TryFind(request.Verb, out var action);
        var outcome = action.Run(context.Accounts, context.AllowList, context.Issued, request.Argument!, Actor, context.Time.GetUtcNow());
        (outcome.Succeeded ? output : error).WriteLine(outcome.Message);
        return outcome.Succeeded ? AdminCommandLine.Ok : AdminCommandLine.Failed;
    }

    private static int List(AdminContext context, TextWriter output)
    {
        output.WriteLine("Allow-list:");
        foreach (var entry in context.AllowList.List())
        {
            output.WriteLine($"  {entry.Fingerprint.Hex}  {entry.CommonName}  allowed by {entry.AddedBy} on {RefusalMessages.Format(entry.Added)}");
        }

        output.WriteLine("Accounts:");
        foreach (var account in context.Accounts.ListAccounts())
        {
            output.WriteLine($"  {account.Name}  {account.Role.ToString().ToLowerInvariant()}{(account.Banned ? "  banned" : string.Empty)}  created {RefusalMessages.Format(account.Created)}");
            foreach (var certificate in context.Accounts.CertificatesOf(account.Id))
            {
                output.WriteLine($"    {certificate.Fingerprint.Hex}  {certificate.Subject}  until {RefusalMessages.Format(certificate.NotAfter)}");
            }
        }

        output.WriteLine("Recently refused:");
        foreach (var refused in context.Refusals.Recent())
        {
            output.WriteLine($"  {refused.Fingerprint.Hex}  CN \"{refused.CommonName}\"  {refused.Count} times, last {RefusalMessages.Format(refused.LastSeen)}");
        }

        var issued = context.Issued.List();
        if (issued.Count > 0)
        {
            output.WriteLine("Issued certificates:");
            foreach (var certificate in issued)
            {
                var state = certificate.Revoked is { } revoked ? $"revoked {RefusalMessages.Format(revoked)}" : $"until {RefusalMessages.Format(certificate.NotAfter)}";
                output.WriteLine($"  {certificate.Serial}  {certificate.Account}  {state}  {certificate.Fingerprint.Hex}");
            }
        }

        return AdminCommandLine.Ok;
    }
}
