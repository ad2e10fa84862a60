using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Tests.Wiki;

public sealed class DamagedRevisionTests : IDisposable
{
    private readonly WikiHarness _wiki = new();

    public void Dispose() => _wiki.Dispose();

    [Theory]
    [InlineData("/page/Notes/1")]
    [InlineData("/raw/Notes/1")]
    [InlineData("/diff/Notes/1")]
    [InlineData("/diff/Notes/2")]
    public async Task A_damaged_revision_answers_40_and_never_its_text(string path)
    {
        await _wiki.UploadAsync("/raw/Notes", "first marker\n");
        await _wiki.UploadAsync("/raw/Notes", "second\n");
        _wiki.Database.FlipStoredText("marker");

        var response = await _wiki.GetAsync(path);

        Assert.Equal(GeminiStatus.TemporaryFailure, response.Status);
        Assert.Contains("Revision 1 of 'Notes' is damaged", response.Meta, StringComparison.Ordinal);
        Assert.Contains("an admin has been told", response.Meta, StringComparison.Ordinal);
        Assert.Equal(0, response.Body.Length);
    }

    [Fact]
    public async Task Undamaged_revisions_of_the_same_page_are_still_served()
    {
        await _wiki.UploadAsync("/raw/Notes", "first marker\n");
        await _wiki.UploadAsync("/raw/Notes", "second\n");
        _wiki.Database.FlipStoredText("marker");

        Assert.Equal("second\n", WikiHarness.Body(await _wiki.GetAsync("/raw/Notes")));
        Assert.Equal(GeminiStatus.Success, (await _wiki.GetAsync("/history/Notes")).Status);
    }
}
