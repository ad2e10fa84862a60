using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiWiki.Server.Tests.Wiki;

/// <summary>The whole server on a disk that fills up and frees again (free space played by the test).</summary>
public sealed class FullDiskTests
{
    [Fact]
    public async Task A_full_disk_refuses_saves_with_40_while_pages_stay_readable_and_saves_resume_once_space_is_free()
    {
        long free = long.MaxValue;
        using var alice = TestCertificates.Create("alice");
        var gate = new CertificateListGate(new Dictionary<Fingerprint, string> { [Fingerprint.Of(alice)] = "alice" });
        await using var server = await TestServer.StartAsync(services: s =>
        {
            s.AddSingleton<IAccessGate<Visitor>>(gate);
            s.AddSingleton(new DiskSpace(() => Volatile.Read(ref free), 1_000_000));
        });
        var client = new TestClient(server.Port, alice);
        Assert.Equal(30, (await client.UploadAsync("Notes", "# Notes\nfirst\n")).Status);

        Volatile.Write(ref free, 10);
        var refused = await client.UploadAsync("Notes", "# Notes\nsecond\n");

        Assert.Equal((40, "The server is out of disk space, so nothing was saved. Please try again later; the administrator has been told."), (refused.Status, refused.Meta));
        Assert.True(refused.CloseNotifyReceived);
        var page = await client.GetAsync("/page/Notes");
        Assert.Equal(20, page.Status);
        Assert.Contains("first", page.Text, StringComparison.Ordinal);
        Assert.Equal(20, (await client.GetAsync("/history/Notes")).Status);
        Assert.Equal("# Notes\nfirst\n", (await client.GetAsync("/raw/Notes/1")).Text);

        Volatile.Write(ref free, long.MaxValue);
        Assert.Equal(30, (await client.UploadAsync("Notes", "# Notes\nthird\n")).Status);
        Assert.Equal("# Notes\nthird\n", (await client.GetAsync("/raw/Notes/2")).Text);
        Assert.Equal(51, (await client.GetAsync("/raw/Notes/3")).Status);
    }
}
