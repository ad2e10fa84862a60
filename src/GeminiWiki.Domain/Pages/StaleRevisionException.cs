namespace GeminiWiki.Domain.Pages;

/// <summary>A save based on an older revision than the page's current one: nothing was written.</summary>
public sealed class StaleRevisionException(CurrentPage current, int baseRevision)
    : Exception($"'{current.Name.Value}' is at revision {current.Revision}, but the text was based on revision {baseRevision}")
{
    /// <summary>The page as it is now, for showing both texts side by side.</summary>
    public CurrentPage Current { get; } = current;

    public int BaseRevision { get; } = baseRevision;
}
