using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Server.Commands;

namespace GeminiWiki.Server.Tests.Storage;

public sealed class StorageCommandLineTests : IDisposable
{
    private static readonly PageAuthor Alice = new("alice", null);
    private readonly TempDatabase _temp = new();
    private readonly string _backups = Path.Combine(Path.GetTempPath(), "geminiwiki-backup-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _temp.Dispose();
        if (Directory.Exists(_backups))
        {
            Directory.Delete(_backups, recursive: true);
        }
    }

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = AdminCommandLine.Run([.. args, "--Gemini:DataDirectory", _temp.Directory], output, error, _temp.Time);
        return (code, output.ToString(), error.ToString());
    }

    private async Task SaveAsync(string name, string text) =>
        await _temp.NewPageStore().SaveAsync(PageName.Parse(name), text, PageFormat.Gemtext, Alice, CancellationToken.None);

    [Fact]
    public async Task Check_passes_a_healthy_database_with_a_one_line_summary()
    {
        await SaveAsync("Home", "welcome\n");
        _temp.Database.Dispose();

        var (code, output, error) = Run("check");

        Assert.Equal((AdminCommandLine.Ok, string.Empty), (code, error));
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no damage found; 1 pages, 1 revisions", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_names_a_damaged_revision_and_exits_3()
    {
        await SaveAsync("Home", "welcome marker\n");
        await SaveAsync("Home", "second\n");
        _temp.FlipStoredText("marker");
        _temp.Database.Dispose();

        var (code, _, error) = Run("check");

        Assert.Equal(AdminCommandLine.Damaged, code);
        Assert.Contains("1 damaged", error, StringComparison.Ordinal);
        Assert.Contains("damaged: revision 1 of 'Home': its text does not match its SHA-256", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Backup_and_check_while_the_server_holds_the_database_answer_75_naming_the_scheduled_backup()
    {
        var (code, _, error) = Run("backup", Path.Combine(_backups, "now.db"));

        Assert.Equal(AdminCommandLine.DatabaseInUse, code);
        Assert.Contains("Storage:BackupDirectory", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_backups, "now.db")));
        Assert.Equal(AdminCommandLine.DatabaseInUse, Run("check").Code);
    }

    [Fact]
    public async Task Restore_refuses_while_the_database_is_in_use_and_works_once_it_is_not()
    {
        await SaveAsync("Home", "as backed up\n");
        var backup = Path.Combine(_backups, "home.db");
        _temp.Database.Dispose();
        Assert.Equal(AdminCommandLine.Ok, Run("backup", backup).Code);

        _temp.Reopen();
        await SaveAsync("Later", "after the backup\n");
        var (code, _, error) = Run("restore", backup);
        Assert.Equal(AdminCommandLine.DatabaseInUse, code);
        Assert.Contains("Stop the server before restoring", error, StringComparison.Ordinal);

        _temp.Database.Dispose();
        (code, var output, _) = Run("restore", backup);
        Assert.Equal(AdminCommandLine.Ok, code);
        Assert.Contains("geminiwiki.db.before-restore-20261123T120000Z", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_temp.Directory, "geminiwiki.db.before-restore-20261123T120000Z")));

        _temp.Reopen();
        var store = _temp.NewPageStore();
        Assert.Equal("as backed up\n", store.Find(PageName.Parse("Home"))!.Text);
        Assert.Null(store.Find(PageName.Parse("Later")));
    }

    [Fact]
    public async Task Restore_refuses_a_damaged_backup_and_changes_nothing()
    {
        await SaveAsync("Home", "damaged marker\n");
        _temp.FlipStoredText("marker");
        var backup = Path.Combine(_backups, "bad.db");
        _temp.Database.BackupTo(backup);
        _temp.Database.Dispose();
        var before = File.ReadAllBytes(Path.Combine(_temp.Directory, WikiDatabase.DatabaseFileName));

        var (code, _, error) = Run("restore", backup);

        Assert.Equal(AdminCommandLine.Damaged, code);
        Assert.Contains("the backup is damaged; nothing was changed", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_temp.Directory, WikiDatabase.DatabaseFileName)));
        Assert.Empty(Directory.GetFiles(_temp.Directory, "*before-restore*"));
    }

    [Theory]
    [InlineData("backup")]
    [InlineData("restore")]
    public void Backup_and_restore_need_a_file(string verb)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(AdminCommandLine.Usage, AdminCommandLine.Run([verb], output, error));
        Assert.Contains($"usage: geminiwiki {verb} <file>", error.ToString(), StringComparison.Ordinal);
    }
}
