using GeminiWiki.Domain.Capsule;

namespace GeminiWiki.Domain.Tests.Capsule;

/// <summary>Path confinement alone, against a real folder with symbolic links in the temp directory.</summary>
public sealed class ContentFolderTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("geminiwiki-folder-");
    private readonly string _root;
    private readonly string _realRoot;
    private readonly ContentFolder _folder;

    public ContentFolderTests()
    {
        _root = Path.Join(_temp.FullName, "content");
        Write(Path.Join(_root, "page.gmi"));
        Write(Path.Join(_root, "sub", "page.gmi"));
        Write(Path.Join(_root, ".git", "config"));
        Write(Path.Join(_temp.FullName, "outside.gmi"));
        Write(Path.Join(_temp.FullName, "outside-dir", "page.gmi"));

        File.CreateSymbolicLink(Path.Join(_root, "alias.gmi"), "page.gmi");
        File.CreateSymbolicLink(Path.Join(_root, "escape.gmi"), Path.Join(_temp.FullName, "outside.gmi"));
        File.CreateSymbolicLink(Path.Join(_root, "escape-relative.gmi"), "../outside.gmi");
        Directory.CreateSymbolicLink(Path.Join(_root, "escape-dir"), Path.Join(_temp.FullName, "outside-dir"));
        File.CreateSymbolicLink(Path.Join(_root, "sub", "escape-up.gmi"), "../../outside.gmi");
        File.CreateSymbolicLink(Path.Join(_root, "config.txt"), ".git/config");
        File.CreateSymbolicLink(Path.Join(_root, "loop-a.gmi"), "loop-b.gmi");
        File.CreateSymbolicLink(Path.Join(_root, "loop-b.gmi"), "loop-a.gmi");
        Directory.CreateSymbolicLink(Path.Join(_root, "via"), Path.Join(_temp.FullName, "outside-dir"));
        Write(Path.Join(_root, "outside.gmi"));
        File.CreateSymbolicLink(Path.Join(_root, "tricky.gmi"), "via/../outside.gmi");

        _folder = new ContentFolder(_root);
        _realRoot = ContentFolder.RealPath(_root)!;
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Theory]
    [InlineData("/", "")]
    [InlineData("/page.gmi", "page.gmi")]
    [InlineData("/sub/page.gmi", "sub/page.gmi")]
    [InlineData("/sub/", "sub")]
    [InlineData("/alias.gmi", "page.gmi")]
    [InlineData("/%70age.gmi", "page.gmi")]
    [InlineData("/not/there.gmi", "not/there.gmi")]
    public void Maps_a_request_path_to_its_real_path_inside(string requestPath, string relative)
    {
        Assert.True(_folder.TryResolve(requestPath, out var target));

        Assert.Equal(Path.TrimEndingDirectorySeparator(Path.Join(_realRoot, relative)), target);
    }

    [Theory]
    // Dot-segments, plain and percent-encoded, alone or hidden in one segment with an encoded slash.
    [InlineData("/../outside.gmi")]
    [InlineData("/sub/../../outside.gmi")]
    [InlineData("/%2e%2e/outside.gmi")]
    [InlineData("/%2E%2e/outside.gmi")]
    [InlineData("/sub/%2e%2e/%2e%2e/outside.gmi")]
    [InlineData("/..%2Foutside.gmi")]
    [InlineData("/%2e%2e%2foutside.gmi")]
    [InlineData("/..%5Coutside.gmi")]
    [InlineData("/./page.gmi")]
    // Absolute paths smuggled into one segment.
    [InlineData("/%2Fetc%2Fpasswd")]
    [InlineData("/%5Cetc%5Cpasswd")]
    // Symbolic links out of the folder: absolute, relative, a directory, from a subfolder, through a "..".
    [InlineData("/escape.gmi")]
    [InlineData("/escape-relative.gmi")]
    [InlineData("/escape-dir/")]
    [InlineData("/escape-dir/page.gmi")]
    [InlineData("/sub/escape-up.gmi")]
    [InlineData("/via/page.gmi")]
    [InlineData("/tricky.gmi")]
    // Hidden names, directly, encoded or through a link; a link loop; NUL; an escape that is not UTF-8.
    [InlineData("/.git/config")]
    [InlineData("/%2egit/config")]
    [InlineData("/config.txt")]
    [InlineData("/loop-a.gmi")]
    [InlineData("/page.gmi%00.txt")]
    [InlineData("/%FF.gmi")]
    public void Refuses_what_would_leave_the_folder_or_is_hidden(string requestPath)
    {
        Assert.False(_folder.TryResolve(requestPath, out _));
    }

    [Fact]
    public void An_absolute_path_in_the_request_stays_under_the_root()
    {
        var outside = Path.Join(_temp.FullName, "outside.gmi");

        Assert.True(_folder.TryResolve("/" + outside, out var target));

        Assert.Equal(Path.Join(_realRoot, ContentFolder.RealPath(outside)), target);
        Assert.StartsWith(_realRoot + Path.DirectorySeparatorChar, target, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_path_is_refused_when_its_links_lead_out()
    {
        Assert.True(_folder.TryResolveInside(Path.Join(_root, "sub", "page.gmi"), out _));
        Assert.False(_folder.TryResolveInside(Path.Join(_root, "escape.gmi"), out _));
        Assert.False(_folder.TryResolveInside(Path.Join(_temp.FullName, "outside.gmi"), out _));
    }

    [Fact]
    public void Real_paths_resolve_links_the_way_the_kernel_does()
    {
        var realTemp = ContentFolder.RealPath(_temp.FullName);

        Assert.Equal(Path.Join(realTemp, "outside.gmi"), ContentFolder.RealPath(Path.Join(_root, "tricky.gmi")));
        Assert.Equal(Path.Join(realTemp, "content", "page.gmi"), ContentFolder.RealPath(Path.Join(_root, "alias.gmi")));
        Assert.Equal(Path.Join(realTemp, "content", "not", "there"), ContentFolder.RealPath(Path.Join(_root, "not", "there")));
        Assert.Null(ContentFolder.RealPath(Path.Join(_root, "loop-a.gmi")));
    }

    private static void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x\n");
    }
}
