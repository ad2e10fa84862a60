using System.Xml.Linq;
using GeminiWiki.Domain.Feeds;
using GeminiWiki.Domain.Wiki;
using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Tests.Feeds;

public sealed class AtomFeedTests
{
    private static readonly XNamespace Atom = AtomFeed.Namespace;

    [Fact]
    public void The_feed_is_valid_atom_with_one_entry_per_change_and_absolute_gemini_links()
    {
        var changes = new[]
        {
            new RevisionSummary(PageName.Parse("Tom & Jerry <3"), 2, new PageAuthor("o'brien \"&\" co", null), new DateTimeOffset(2026, 11, 23, 17, 40, 5, TimeSpan.Zero), 120, false),
            new RevisionSummary(PageName.Parse("Über uns"), 1, PageAuthor.System, new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), 10, false),
        };
        var xml = AtomFeed.Build("gemini://wiki.example:1966", "My <Wiki>", changes, DateTimeOffset.UnixEpoch);

        var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(xml));
        var feed = document.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("My <Wiki>", feed.Element(Atom + "title")!.Value);
        Assert.Equal("2026-11-23T17:40:05Z", feed.Element(Atom + "updated")!.Value);
        Assert.Equal("gemini://wiki.example:1966/do/atom", feed.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value);
        Assert.False(string.IsNullOrEmpty(feed.Element(Atom + "id")!.Value));

        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("Tom & Jerry <3", entries[0].Element(Atom + "title")!.Value);
        Assert.Equal("o'brien \"&\" co", entries[0].Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Equal("gemini://wiki.example:1966/page/Tom%20&%20Jerry%20%3C3/2", entries[0].Element(Atom + "link")!.Attribute("href")!.Value);
        Assert.Equal("gemini://wiki.example:1966/page/%C3%9Cber%20uns/1", entries[1].Element(Atom + "id")!.Value);
        Assert.All(entries, e => Assert.True(DateTimeOffset.TryParse(e.Element(Atom + "updated")!.Value, out _)));
        Assert.All(entries, e => Assert.StartsWith("gemini://", e.Element(Atom + "id")!.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Characters_xml_cannot_carry_are_dropped_instead_of_breaking_the_feed()
    {
        var change = new RevisionSummary(PageName.Parse("Rocket 🚀"), 1, new PageAuthor("bad\u0001label", null), DateTimeOffset.UnixEpoch, 1, false);
        var xml = AtomFeed.Build("gemini://localhost", "Wiki", [change], DateTimeOffset.UnixEpoch);
        var entry = XDocument.Parse(System.Text.Encoding.UTF8.GetString(xml)).Root!.Element(Atom + "entry")!;
        Assert.Equal("badlabel", entry.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Equal("Rocket 🚀", entry.Element(Atom + "title")!.Value);
    }

    [Fact]
    public void An_empty_wiki_still_gives_a_valid_feed()
    {
        var xml = AtomFeed.Build("gemini://localhost", "Wiki", Array.Empty<WikiChange>(), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), WikiLinks.Root);
        var feed = XDocument.Parse(System.Text.Encoding.UTF8.GetString(xml)).Root!;
        Assert.Empty(feed.Elements(Atom + "entry"));
        Assert.Equal("2026-01-02T03:04:05Z", feed.Element(Atom + "updated")!.Value);
    }
}
