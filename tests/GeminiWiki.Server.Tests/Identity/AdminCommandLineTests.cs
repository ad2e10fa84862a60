using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Server.Commands;

namespace GeminiWiki.Server.Tests.Identity;

public sealed partial class AdminCommandLineTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = AdminCommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Every_command_answers_the_same_with_the_server_up_through_its_socket_as_with_it_down()
    {
        using var certificate = TestCertificates.Valid("carol");
        var fingerprint = Fingerprint.Of(certificate);
        var openssl = "SHA256 Fingerprint=" + string.Join(':', Enumerable.Range(0, 32).Select(i => fingerprint.Hex.Substring(i * 2, 2).ToUpperInvariant()));
        string[][] commands =
        [
            ["allow", openssl], ["allow", fingerprint.Hex], ["revoke", fingerprint.Hex], ["revoke", fingerprint.Hex],
            ["promote", "Carol"], ["demote", "carol"], ["demote", "carol"], ["ban", "carol"], ["unban", "carol"],
            ["ban", "nobody"], ["allow", "not-a-fingerprint"], ["revoke-cert", "ABCDEF"], ["list"], ["ban"],
        ];

        await using var up = await IdentityTestServer.StartAsync();
        await up.GetAsync("/register?carol", certificate);
        var upBackup = Path.Combine(up.Root, "up-backup.db");
        var whileUp = commands.Select(command => Run([.. command, "--Gemini:DataDirectory", up.DataDirectory])).ToList();
        var backupWhileUp = Run("backup", upBackup, "--Gemini:DataDirectory", up.DataDirectory);

        await using var down = await IdentityTestServer.StartAsync();
        await down.GetAsync("/register?carol", certificate);
        await down.StopAsync();
        var downBackup = Path.Combine(down.Root, "down-backup.db");
        var whileDown = commands.Select(command => Run([.. command, "--Gemini:DataDirectory", down.DataDirectory])).ToList();
        var backupWhileDown = Run("backup", downBackup, "--Gemini:DataDirectory", down.DataDirectory);

        Assert.Equal(whileDown.Select(Comparable), whileUp.Select(Comparable));
        Assert.Equal(
            [AdminCommandLine.Ok, AdminCommandLine.Ok, AdminCommandLine.Ok, AdminCommandLine.Failed, AdminCommandLine.Ok, AdminCommandLine.Ok, AdminCommandLine.Ok,
                AdminCommandLine.Ok, AdminCommandLine.Ok, AdminCommandLine.Failed, AdminCommandLine.Failed, AdminCommandLine.Failed, AdminCommandLine.Ok, AdminCommandLine.Usage],
            whileUp.Select(r => r.Code));
        Assert.Equal($"Allowed {fingerprint.Hex}.", whileUp[0].Output.Trim());
        Assert.Equal($"{fingerprint.Hex} was already allowed.", whileUp[1].Output.Trim());
        Assert.Equal("carol was already a user.", whileUp[6].Output.Trim());
        Assert.Contains("There is no account named 'nobody'", whileUp[9].Error, StringComparison.Ordinal);
        Assert.Contains("carol  user  created", whileUp[12].Output, StringComparison.Ordinal);
        Assert.Contains("usage: geminiwiki ban <account name>", whileUp[13].Error, StringComparison.Ordinal);

        Assert.Equal((AdminCommandLine.Ok, string.Empty), (backupWhileUp.Code, backupWhileUp.Error));
        Assert.Equal((AdminCommandLine.Ok, string.Empty), (backupWhileDown.Code, backupWhileDown.Error));
        Assert.StartsWith($"Backup written to {upBackup}, ", backupWhileUp.Output, StringComparison.Ordinal);
        using (var copy = WikiDatabase.OpenReadOnly(upBackup))
        {
            var identity = new IdentityDatabase(copy);
            Assert.NotNull(new LiteAccountStore(identity).FindAccount("carol"));
        }

        // The running server's audit log has them, by the command line.
        var audit = up.Audit.Recent();
        Assert.Equal(["unban", "ban", "demote", "promote", "revoke", "allow"], audit.Select(a => a.Action).ToArray());
        Assert.All(audit, a => Assert.StartsWith("command line", a.Actor, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_ban_through_the_socket_applies_to_the_running_servers_next_request()
    {
        using var certificate = TestCertificates.Valid("dave");
        await using var server = await IdentityTestServer.StartAsync();
        await server.GetAsync("/register?dave", certificate);
        Assert.Equal(20, (await server.GetAsync("/account", certificate)).Status);

        Assert.Equal(AdminCommandLine.Ok, Run("ban", "dave", "--Gemini:DataDirectory", server.DataDirectory).Code);
        var reply = await server.GetAsync("/account", certificate);
        Assert.Equal(61, reply.Status);
        Assert.Contains("banned", reply.Meta, StringComparison.Ordinal);

        Assert.Equal(AdminCommandLine.Ok, Run("unban", "dave", "--Gemini:DataDirectory", server.DataDirectory).Code);
        Assert.Equal(20, (await server.GetAsync("/account", certificate)).Status);
    }

    [Fact]
    public async Task Check_and_restore_still_need_the_server_stopped()
    {
        await using var server = await IdentityTestServer.StartAsync();
        var (code, _, error) = Run("check", "--Gemini:DataDirectory", server.DataDirectory);
        Assert.Equal(AdminCommandLine.DatabaseInUse, code);
        Assert.Contains("Stop the server to check its database", error, StringComparison.Ordinal);
    }

    // Times in list output are those of each server's own registration.
    private static (int, string, string) Comparable((int Code, string Output, string Error) result) =>
        (result.Code, Times().Replace(result.Output, "<time>"), result.Error);

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d UTC")]
    private static partial System.Text.RegularExpressions.Regex Times();

    [Fact]
    public void A_missing_argument_prints_the_usage()
    {
        var (code, _, error) = Run("revoke");
        Assert.Equal(AdminCommandLine.Usage, code);
        Assert.Contains("usage: geminiwiki revoke <fingerprint>", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_every_verb_with_its_usage()
    {
        var (code, output, _) = Run("help");
        Assert.Equal(AdminCommandLine.Ok, code);
        foreach (var verb in new[] { "allow <fingerprint>", "revoke <fingerprint>", "ban <account name>", "revoke-cert <serial number|fingerprint>", "issue <account>", "list", "backup <file>", "check", "restore <file>" })
        {
            Assert.Contains($"usage: geminiwiki {verb}", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_config_file_is_a_clear_error()
    {
        var (code, _, error) = Run("list", "--config", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "gemini.json"));
        Assert.Equal(AdminCommandLine.BadConfiguration, code);
        Assert.Contains("cannot read the configuration", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_folder_resolves_like_the_servers_relative_to_the_config_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "geminiwiki-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "gemini.json");
        File.WriteAllText(config, """{ "Gemini": { "DataDirectory": "state" } }""");
        try
        {
            Assert.Equal(Path.Combine(folder, "state"), AdminCommandLine.ResolveDataDirectory(["--config", config]));
            Assert.Equal(Path.Combine(folder, "elsewhere"),
                AdminCommandLine.ResolveDataDirectory(["--config", config, "--Gemini:DataDirectory", Path.Combine(folder, "elsewhere")]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("allow", true)]
    [InlineData("list", true)]
    [InlineData("promote", true)]
    [InlineData("issue", true)]
    [InlineData("revoke-cert", true)]
    [InlineData("backup", true)]
    [InlineData("--Gemini:Port", false)]
    [InlineData("serve", false)]
    public void Only_admin_verbs_are_taken_by_the_command_line(string first, bool handled) =>
        Assert.Equal(handled, AdminCommandLine.Handles([first, "x"]));
}
