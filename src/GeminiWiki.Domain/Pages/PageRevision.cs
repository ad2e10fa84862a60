namespace GeminiWiki.Domain.Pages;

/// <summary>Who made a change: the label shown in history and, when a certificate was used, its fingerprint.</summary>
public sealed record PageAuthor(string Label, string? Fingerprint)
{
    public static readonly PageAuthor System = new("system", null);
}

/// <summary>
/// One saved state of a page. Revisions are numbered from 1 per page and never change once written;
/// a deletion is a revision too (empty text, <see cref="IsDeletion"/>), so history shows it.
/// </summary>
public sealed record PageRevision(
    PageName Name,
    int Number,
    string Text,
    PageFormat Format,
    PageAuthor Author,
    DateTimeOffset Time,
    bool IsDeletion)
{
    /// <summary>The size of the text in UTF-8 bytes.</summary>
    public int Size { get; init; } = System.Text.Encoding.UTF8.GetByteCount(Text);
}

/// <summary>
/// The current state of a page, kept apart from its revisions so the index, search and backlinks
/// never load history.
/// </summary>
public sealed record CurrentPage(
    PageName Name,
    int Revision,
    string Text,
    PageFormat Format,
    PageAuthor Author,
    DateTimeOffset Updated,
    bool IsDeleted,
    IReadOnlyList<string> LinkKeys)
{
    private string? _searchText;

    /// <summary>
    /// The stored text of this revision failed its checksum when it was loaded: <see cref="Text"/> is
    /// empty and the page is answered with 40 until a new save replaces it.
    /// </summary>
    public bool IsDamaged { get; init; }

    /// <summary>
    /// The text upper-cased (invariant, one char for one char, so positions match <see cref="Text"/>):
    /// searching it with an ordinal, vectorised IndexOf is several times faster than a
    /// case-insensitive scan, which matters when every search scans every page. Made on first use.
    /// </summary>
    public string SearchText => _searchText ??= Text.ToUpperInvariant();
}

/// <summary>What a save did.</summary>
public enum SaveResult
{
    /// <summary>A new revision was written.</summary>
    Saved,

    /// <summary>The text was the same as the current one: no revision was written.</summary>
    Unchanged,

    /// <summary>A deletion revision was written.</summary>
    Deleted,

    /// <summary>There was nothing to delete (no such page, or already deleted).</summary>
    NothingToDelete,
}

public readonly record struct SaveOutcome(SaveResult Result, int Revision);
