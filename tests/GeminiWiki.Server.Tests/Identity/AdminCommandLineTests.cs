using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Server.Commands;

namespace GeminiWiki.Server.Tests.Identity;

public sealed class AdminCommandLineTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = AdminCommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task The_command_line_refuses_clearly_while_the_server_holds_the_database_and_works_once_it_stopped()
    {
        using var certificate = TestCertificates.Valid("carol");
        var fingerprint = Fingerprint.Of(certificate);
        await using var server = await IdentityTestServer.StartAsync();
        await server.GetAsync("/register?carol", certificate);

        var (code, _, error) = Run("allow", fingerprint.Hex, "--Gemini:DataDirectory", server.DataDirectory);
        Assert.Equal(AdminCommandLine.DatabaseInUse, code);
        Assert.Contains("is in use by another process", error, StringComparison.Ordinal);
        Assert.Contains("Stop the server first", error, StringComparison.Ordinal);
        Assert.Contains("Stop the server first", error, StringComparison.Ordinal);

        await server.StopAsync();

        var openssl = "SHA256 Fingerprint=" + string.Join(':', Enumerable.Range(0, 32).Select(i => fingerprint.Hex.Substring(i * 2, 2).ToUpperInvariant()));
        (code, var output, _) = Run("allow", openssl, "--Gemini:DataDirectory", server.DataDirectory);
        Assert.Equal((AdminCommandLine.Ok, $"Allowed {fingerprint.Hex}."), (code, output.Trim()));
        Assert.Equal(AdminCommandLine.Ok, Run("promote", "Carol", "--Gemini:DataDirectory", server.DataDirectory).Code);
        Assert.Equal(AdminCommandLine.Ok, Run("ban", "carol", "--Gemini:DataDirectory", server.DataDirectory).Code);

        (code, _, error) = Run("ban", "nobody", "--Gemini:DataDirectory", server.DataDirectory);
        Assert.Equal(AdminCommandLine.Failed, code);
        Assert.Contains("There is no account named 'nobody'", error, StringComparison.Ordinal);

        (code, output, _) = Run("list", "--Gemini:DataDirectory", server.DataDirectory);
        Assert.Equal(AdminCommandLine.Ok, code);
        Assert.Contains(fingerprint.Hex, output, StringComparison.Ordinal);
        Assert.Contains("carol  admin  banned", output, StringComparison.Ordinal);

        using var database = WikiDatabase.Open(server.DataDirectory);
        var identity = new IdentityDatabase(database);
        identity.Initialize();
        Assert.True(new LiteAllowList(identity).Contains(fingerprint));
        var audit = new LiteAuditLog(identity).Recent();
        Assert.Equal(["ban", "promote", "allow"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.StartsWith("command line", a.Actor, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_argument_prints_the_usage()
    {
        var (code, _, error) = Run("revoke");
        Assert.Equal(AdminCommandLine.Usage, code);
        Assert.Contains("usage: geminiwiki revoke <fingerprint>", error, StringComparison.Ordinal);
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
    [InlineData("--Gemini:Port", false)]
    [InlineData("serve", false)]
    public void Only_admin_verbs_are_taken_by_the_command_line(string first, bool handled) =>
        Assert.Equal(handled, AdminCommandLine.Handles([first, "x"]));
}
