using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Web.Forms;
using GeminiWiki.Web.Hosting;

namespace GeminiWiki.Web.Tests.Hosting;

/// <summary>Which host and which space a web path is for, without a server.</summary>
public sealed class WebSitesTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly WikiSpaces _spaces;
    private readonly WebSites _sites;

    public WebSitesTests()
    {
        var options = new WikiOptions();
        var defaultPages = new WikiPagesFeature(new LitePageStore(_temp.Database, _temp.Time), options, "en", _temp.Time, ownsStore: false);
        _spaces = WikiSpaces.Build(
            options,
            [new SpaceDefinition("docs", "Docs", "Home"), new SpaceDefinition("edit", "Edit", "Home"), new SpaceDefinition("lab", "Lab", "Home", Host: "lab.example")],
            defaultPages,
            (space, spaceOptions) => new WikiPagesFeature(new LitePageStore(_temp.Database, _temp.Time, null, space.CollectionPrefix), spaceOptions, "en", _temp.Time),
            []);
        _sites = WebSites.Build(_spaces, defaultPages.Store, new PageRenderCache(), options, "en", new GeminiSide(["wiki.example"], 1965));
    }

    public void Dispose() => _temp.Dispose();

    private IPageStore PagesOf(string name) => _spaces.All.Single(s => s.Name == name).Pages;

    [Theory]
    [InlineData("lab.example")]
    [InlineData("LAB.Example.")]
    public void A_space_host_is_its_own_site_whatever_its_case_or_trailing_dot(string host)
    {
        var site = _sites.For(host);

        Assert.Equal("lab.example", site.Host);
        Assert.Same(PagesOf("lab"), site.Match("/edit/Home", PageEditForm.PathPrefix, out var rest)!.Pages);
        Assert.Equal("Home", rest);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wiki.example")]
    [InlineData("unknown.example")]
    [InlineData("127.0.0.1")]
    public void Every_other_host_is_the_capsule(string? host) => Assert.Same(_sites.Main, _sites.For(host));

    [Fact]
    public void On_the_capsule_a_space_prefix_wins_over_a_root_page_of_that_name()
    {
        var docs = _sites.Main.Match("/docs/edit/Guide%20One", PageEditForm.PathPrefix, out var docsRest)!;
        var root = _sites.Main.Match("/edit/docs", PageEditForm.PathPrefix, out var rootRest)!;
        var edit = _sites.Main.Match("/edit/edit/Home", PageEditForm.PathPrefix, out var editRest)!;

        Assert.Equal(("/docs", "docs", "Guide%20One"), (docs.Links.Prefix, docs.Realm, docsRest));
        Assert.Same(PagesOf("docs"), docs.Pages);
        Assert.Equal((string.Empty, null, "docs"), (root.Links.Prefix, root.Realm, rootRest));
        Assert.Same(_spaces.Default.Pages, root.Pages);
        Assert.Equal(("/edit", "Home"), (edit.Links.Prefix, editRest));
    }

    [Fact]
    public void The_gemini_edit_instructions_map_to_the_form_of_the_same_space()
    {
        var docs = _sites.Main.Match("/docs/do/edit/Guide", "/do/edit/", out var docsRest)!;
        var lab = _sites.For("lab.example").Match("/do/edit/Bench", "/do/edit/", out var labRest)!;

        Assert.Equal("/docs/edit/Guide", docs.EditPath(docsRest));
        Assert.Equal("/edit/Bench", lab.EditPath(labRest));
        Assert.Equal("lab", lab.Realm);
    }

    [Fact]
    public void A_space_host_has_no_other_space_and_a_path_outside_every_form_matches_nothing()
    {
        Assert.Null(_sites.For("lab.example").Match("/docs/edit/Guide", PageEditForm.PathPrefix, out _));
        Assert.Null(_sites.Main.Match("/nowhere/edit/Guide", PageEditForm.PathPrefix, out _));
        Assert.Null(_sites.Main.Match("/page/Home", PageEditForm.PathPrefix, out _));
    }
}
