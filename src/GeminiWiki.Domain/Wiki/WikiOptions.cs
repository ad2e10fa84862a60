using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Wiki;

/// <summary>The "Wiki" section of gemini.json.</summary>
public sealed class WikiOptions
{
    public const string Section = "Wiki";

    /// <summary>The title of the wiki (Atom feed, headings).</summary>
    public string Title { get; set; } = "GeminiWiki";

    /// <summary>The page shown at "/".</summary>
    public string MainPage { get; set; } = "Home";

    /// <summary>The largest Titan upload accepted, in bytes (100 KB by default).</summary>
    public int MaxPageBytes { get; set; } = 100_000;

    /// <summary>When set, Titan uploads must carry ";token=" with this value.</summary>
    public string? TitanToken { get; set; }

    /// <summary>The longest page name, in characters.</summary>
    public int MaxNameLength { get; set; } = PageName.DefaultMaxLength;

    /// <summary>How many changes /do/changes shows when no number is given.</summary>
    public int ChangesPageSize { get; set; } = 50;

    /// <summary>How many changes the Atom feed carries.</summary>
    public int FeedEntries { get; set; } = 50;

    /// <summary>The most results a search lists.</summary>
    public int SearchResultLimit { get; set; } = 100;

    /// <summary>How many page names one page of /do/index lists.</summary>
    public int IndexPageSize { get; set; } = 500;

    /// <summary>These options for a space with its own title and main page (everything else is shared).</summary>
    public WikiOptions ForSpace(string title, string mainPage)
    {
        var copy = (WikiOptions)MemberwiseClone();
        copy.Title = title;
        copy.MainPage = mainPage;
        return copy;
    }
}
