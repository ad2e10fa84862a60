namespace GeminiWiki.Domain.Pages;

/// <summary>
/// Pages and their full history. Every change adds a revision and nothing is overwritten; changes
/// to one page are serialised, changes to different pages are not.
/// </summary>
public interface IPageStore
{
    /// <summary>True while no page has ever been saved (first start).</summary>
    bool IsEmpty { get; }

    /// <summary>The current state of a page (deleted pages included), or null when it never existed.</summary>
    CurrentPage? Find(PageName name);

    /// <summary>
    /// One revision with its text, or null when there is no such revision. Throws
    /// <see cref="DamagedRevisionException"/> when the stored text fails its checksum or cannot be read.
    /// </summary>
    PageRevision? FindRevision(PageName name, int revision);

    /// <summary>All revisions of a page, newest first, without their text.</summary>
    IReadOnlyList<RevisionSummary> History(PageName name);

    /// <summary>The latest changes across the wiki, newest first.</summary>
    IReadOnlyList<RevisionSummary> RecentChanges(int count);

    /// <summary>
    /// Every page that exists now (not deleted), ordered by name. The same list instance is returned
    /// until a save changes it, so callers may cache what they derive from it by reference.
    /// </summary>
    IReadOnlyList<CurrentPage> AllPages();

    /// <summary>Pages whose current text links to <paramref name="name"/>, ordered by name.</summary>
    IReadOnlyList<PageName> Backlinks(PageName name);

    /// <summary>Saves a new text; an identical text (and format) adds no revision.</summary>
    Task<SaveOutcome> SaveAsync(PageName name, string text, PageFormat format, PageAuthor author, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a new text only while the page is still at <paramref name="baseRevision"/> (0: the page
    /// does not exist yet), checked under the page's lock; otherwise throws
    /// <see cref="StaleRevisionException"/> and nothing is written, so no save silently overwrites another.
    /// </summary>
    Task<SaveOutcome> SaveIfCurrentAsync(PageName name, string text, PageFormat format, PageAuthor author, int baseRevision, CancellationToken cancellationToken);

    /// <summary>Appends lines to the current text (creating a gemtext page if needed), atomically with other saves.</summary>
    Task<SaveOutcome> AppendAsync(PageName name, string lines, PageAuthor author, CancellationToken cancellationToken);

    /// <summary>Adds a deletion revision; a later save brings the page back.</summary>
    Task<SaveOutcome> DeleteAsync(PageName name, PageAuthor author, CancellationToken cancellationToken);
}

/// <summary>A revision without its text, for history, changes and feeds.</summary>
public sealed record RevisionSummary(PageName Name, int Number, PageAuthor Author, DateTimeOffset Time, int Size, bool IsDeletion);
