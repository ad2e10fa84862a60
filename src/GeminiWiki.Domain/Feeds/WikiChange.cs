using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;

namespace GeminiWiki.Domain.Feeds;

/// <summary>
/// One change as recent changes and the Atom feed show it, whatever changed (a page, a file).
/// Links are paths on this wiki; the feed makes them absolute.
/// </summary>
/// <param name="What">Words after the name, e.g. "revision 3", "deleted", "file, revision 2".</param>
/// <param name="RevisionLink">The revision's own path: the feed entry's stable id.</param>
/// <param name="Link">Where the change is seen (for a deletion, the history).</param>
/// <param name="DiffLink">What the revision changed, where there is such a page.</param>
/// <param name="Summary">One sentence for the feed entry.</param>
public sealed record WikiChange(
    DateTimeOffset Time,
    string Name,
    int Revision,
    string What,
    string RevisionLink,
    string Link,
    string? DiffLink,
    PageAuthor Author,
    string Summary,
    bool IsDeletion)
{
    public static WikiChange FromPage(RevisionSummary change)
    {
        var revision = WikiLinks.Page(change.Name, change.Number);
        return new WikiChange(
            change.Time,
            change.Name.Value,
            change.Number,
            change.IsDeletion ? "deleted" : $"revision {change.Number}",
            revision,
            change.IsDeletion ? WikiLinks.History(change.Name) : revision,
            WikiLinks.Diff(change.Name, change.Number),
            change.Author,
            change.IsDeletion
                ? $"Revision {change.Number}: page deleted by {change.Author.Label}"
                : $"Revision {change.Number} by {change.Author.Label}, {change.Size} bytes",
            change.IsDeletion);
    }

    /// <summary>The newest <paramref name="count"/> changes of the pages and every other source, newest first.</summary>
    public static IReadOnlyList<WikiChange> Recent(IPageStore pages, IEnumerable<IChangeSource> others, int count)
    {
        var changes = pages.RecentChanges(count).Select(FromPage);
        foreach (var source in others)
        {
            changes = changes.Concat(source.RecentChanges(count));
        }

        // Each source is newest first already; the stable sort keeps pages first among equal times.
        return changes.OrderByDescending(c => c.Time).Take(count).ToList();
    }
}

/// <summary>Something besides pages that has changes to show in recent changes and the feed (files).</summary>
public interface IChangeSource
{
    /// <summary>The newest <paramref name="count"/> changes, newest first.</summary>
    IReadOnlyList<WikiChange> RecentChanges(int count);
}
