using System.Globalization;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;

namespace GeminiWiki.Domain.Feeds;

/// <summary>
/// One change as recent changes and the Atom feed show it, whatever changed (a page, a file).
/// Links are paths on this wiki, under the prefix of the mount they are shown in; the feed makes
/// them absolute.
/// </summary>
/// <param name="What">Words after the name, e.g. "revision 3", "deleted", "file, revision 2".</param>
/// <param name="RevisionLink">The revision's own path: the feed entry's stable id.</param>
/// <param name="Link">Where the change is seen (for a deletion, the history).</param>
/// <param name="Summary">One sentence for the feed entry.</param>
public sealed record WikiChange(
    DateTimeOffset Time,
    string Name,
    int Revision,
    string What,
    string RevisionLink,
    string Link,
    PageAuthor Author,
    string Summary,
    bool IsDeletion)
{
    public static WikiChange FromPage(RevisionSummary change, WikiLinks links) =>
        new(
            change.Time,
            change.Name.Value,
            change.Number,
            change.IsDeletion ? "deleted" : $"revision {change.Number}",
            links.Page(change.Name, change.Number),
            links.ChangeUrl(change),
            change.Author,
            change.IsDeletion
                ? $"Revision {change.Number}: page deleted by {change.Author.Label}"
                : $"Revision {change.Number} by {change.Author.Label}, {change.Size} bytes",
            change.IsDeletion);

    /// <summary>
    /// The label of the change's subscription line: "YYYY-MM-DD" (UTC) first, as the convention
    /// asks, then what changed, with the space's title when the list spans spaces.
    /// </summary>
    public string Title(string? space = null)
    {
        var day = Time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var hour = Time.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        var where = space is null ? string.Empty : space + ": ";
        return $"{day} {where}{Name} ({What}) by {Author.Label} at {hour} UTC";
    }

    /// <summary>The newest <paramref name="count"/> changes of the pages and every other source, newest first, linked under <paramref name="links"/>' prefix.</summary>
    public static IReadOnlyList<WikiChange> Recent(IPageStore pages, IEnumerable<IChangeSource> others, int count, WikiLinks links)
    {
        var changes = pages.RecentChanges(count).Select(change => FromPage(change, links));
        foreach (var source in others)
        {
            changes = changes.Concat(source.RecentChanges(count, links.Prefix));
        }

        // Each source is newest first already; the stable sort keeps pages first among equal times.
        return changes.OrderByDescending(c => c.Time).Take(count).ToList();
    }
}

/// <summary>Something besides pages that has changes to show in recent changes and the feed (a space's files).</summary>
public interface IChangeSource
{
    /// <summary>The newest <paramref name="count"/> changes, newest first, linked under <paramref name="prefix"/> ("/docs", or "" at the root).</summary>
    IReadOnlyList<WikiChange> RecentChanges(int count, string prefix);
}
