using GeminiWiki.Domain.Capsule;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Tests.Capsule;

public sealed class RenderedPageCacheTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("geminiwiki-cache-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void A_page_is_served_until_its_file_changes()
    {
        var cache = new RenderedPageCache();
        var file = Write("page.gmi", "one\n");
        var response = GeminiResponse.Gemtext("one\n", "en");
        cache.Remember("/page.gmi", file, null, response);

        Assert.True(cache.TryGet("/page.gmi", out var cached));
        Assert.Same(response, cached);

        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        Assert.False(cache.TryGet("/page.gmi", out _));
    }

    [Fact]
    public void An_index_goes_stale_when_its_folder_changes()
    {
        var cache = new RenderedPageCache();
        var file = Write("docs/index.md", "# Docs\n");
        var folder = Path.GetDirectoryName(file)!;
        cache.Remember("/docs/", file, folder, GeminiResponse.Gemtext("# Docs\n", "en"));

        Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow.AddMinutes(1));

        Assert.False(cache.TryGet("/docs/", out _));
    }

    [Fact]
    public void It_stops_growing_at_its_bounds()
    {
        var cache = new RenderedPageCache(maxPages: 2, maxBytes: 8);
        var file = Write("page.gmi", "x\n");

        cache.Remember("/large", file, null, GeminiResponse.Gemtext("more than eight bytes\n", "en"));
        cache.Remember("/a", file, null, GeminiResponse.Gemtext("a\n", "en"));
        cache.Remember("/b", file, null, GeminiResponse.Gemtext("b\n", "en"));
        cache.Remember("/c", file, null, GeminiResponse.Gemtext("c\n", "en"));

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet("/large", out _));
        Assert.False(cache.TryGet("/c", out _));
    }

    [Fact]
    public void A_missing_file_is_not_kept()
    {
        var cache = new RenderedPageCache();

        cache.Remember("/gone", Path.Join(_temp.FullName, "gone.gmi"), null, GeminiResponse.Gemtext("x\n", "en"));

        Assert.Equal(0, cache.Count);
    }

    private string Write(string relativePath, string text)
    {
        var path = Path.Join(_temp.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
