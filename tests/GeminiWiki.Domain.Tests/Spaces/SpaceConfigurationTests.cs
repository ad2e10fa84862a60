using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Spaces;

namespace GeminiWiki.Domain.Tests.Spaces;

public sealed class SpaceConfigurationTests
{
    private static IReadOnlyList<string> Problems(params SpaceOptions[] spaces)
    {
        SpaceConfiguration.Read(spaces, ["wiki.example", "alias.example"], 100, out var problems);
        return problems;
    }

    [Fact]
    public void A_valid_list_becomes_definitions_with_policies_and_hosts()
    {
        var definitions = SpaceConfiguration.Read(
            [
                new SpaceOptions { Name = "docs", Title = "Docs", MainPage = "Start", Read = "registered", Edit = "Admin", Host = "Docs.Example." },
                new SpaceOptions { Name = "team-2" },
            ],
            ["wiki.example"],
            100,
            out var problems);

        Assert.Empty(problems);
        Assert.Equal(new SpaceDefinition("docs", "Docs", "Start", ReadPolicy.Registered, EditPolicy.Admins, "docs.example"), definitions[0]);
        Assert.Equal(new SpaceDefinition("team-2", "team-2", "Home"), definitions[1]);
        Assert.Equal("space_team_2_", definitions[1].CollectionPrefix);
        Assert.Equal("/team-2", definitions[1].PathMount.Prefix);
    }

    [Theory]
    [InlineData(null, "Wiki:Spaces:0:Name is missing: every space needs a name, its path prefix (e.g. \"docs\" for /docs/).")]
    [InlineData("Docs", "Wiki:Spaces:0:Name 'Docs' must be 1 to 40 lowercase letters, digits or '-'.")]
    [InlineData("my_space", "Wiki:Spaces:0:Name 'my_space' must be 1 to 40 lowercase letters, digits or '-'.")]
    [InlineData("a/b", "Wiki:Spaces:0:Name 'a/b' must be 1 to 40 lowercase letters, digits or '-'.")]
    [InlineData("page", "Wiki:Spaces:0:Name 'page' is taken by the capsule's own /page routes; choose another name.")]
    [InlineData("do", "Wiki:Spaces:0:Name 'do' is taken by the capsule's own /do routes; choose another name.")]
    [InlineData("register", "Wiki:Spaces:0:Name 'register' is taken by the capsule's own /register routes; choose another name.")]
    [InlineData("admin", "Wiki:Spaces:0:Name 'admin' is taken by the capsule's own /admin routes; choose another name.")]
    public void A_bad_name_is_named_with_its_key(string? name, string problem) =>
        Assert.Equal([problem], Problems(new SpaceOptions { Name = name }));

    [Fact]
    public void Names_and_hosts_are_unique_and_hosts_are_not_the_capsules()
    {
        Assert.Equal(
            [
                "Wiki:Spaces:1:Name 'docs' is used by an earlier space; space names are unique.",
                "Wiki:Spaces:2:Host 'DOCS.example' is bound to an earlier space; a host serves one space.",
                "Wiki:Spaces:3:Host 'alias.example' is the capsule's own host (Gemini:Hostname or HostAliases); a space needs a host of its own.",
            ],
            Problems(
                new SpaceOptions { Name = "docs", Host = "docs.example" },
                new SpaceOptions { Name = "docs" },
                new SpaceOptions { Name = "other", Host = "DOCS.example" },
                new SpaceOptions { Name = "third", Host = "alias.example" }));
    }

    [Theory]
    [InlineData("Read", "everyone", "Wiki:Spaces:0:Read 'everyone' must be Public, Registered or AllowListed (or left out for Identity:Read).")]
    [InlineData("Edit", "Public", "Wiki:Spaces:0:Edit 'Public' must be Registered, AllowListed or Admin (or left out for Identity:Edit).")]
    [InlineData("Host", "gemini://docs.example/", "Wiki:Spaces:0:Host 'gemini://docs.example/' is not a host name (no scheme, port or path, e.g. \"docs.example.org\").")]
    [InlineData("Host", "docs.example:1965", "Wiki:Spaces:0:Host 'docs.example:1965' is not a host name (no scheme, port or path, e.g. \"docs.example.org\").")]
    [InlineData("MainPage", "a/b", "Wiki:Spaces:0:MainPage 'a/b' is not a page name: ")]
    [InlineData("CertificatePath", "docs.crt", "Wiki:Spaces:0: set both CertificatePath and KeyPath, or neither (a certificate is then generated for the host).")]
    public void A_bad_setting_is_named_with_its_key(string setting, string value, string problem)
    {
        var space = new SpaceOptions { Name = "docs" };
        switch (setting)
        {
            case "Read": space.Read = value; break;
            case "Edit": space.Edit = value; break;
            case "Host": space.Host = value; break;
            case "MainPage": space.MainPage = value; break;
            case "CertificatePath": space.CertificatePath = value; break;
        }

        var problems = Problems(space);

        Assert.Single(problems);
        Assert.StartsWith(problem, problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_needs_a_host()
    {
        Assert.Equal(
            ["Wiki:Spaces:0:CertificatePath is only used for a space's own Host; set Host or remove it."],
            Problems(new SpaceOptions { Name = "docs", CertificatePath = "docs.crt", KeyPath = "docs.key" }));
    }
}
