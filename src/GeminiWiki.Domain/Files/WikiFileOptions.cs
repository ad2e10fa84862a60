namespace GeminiWiki.Domain.Files;

/// <summary>
/// The file and archive settings. They live in the "Wiki" section of gemini.json beside the page
/// settings (Wiki:FileTypes, Wiki:MaxFileBytes, Wiki:PublicArchive) and are bound on their own,
/// so the file module can be built once per space from plain values.
/// </summary>
public sealed class WikiFileOptions
{
    public const string Section = "Wiki";

    /// <summary>1 MB: a photo fit for a Gemini page; larger files belong elsewhere.</summary>
    public const int DefaultMaxFileBytes = 1_048_576;

    /// <summary>The largest value Wiki:MaxFileBytes accepts: an upload is held in memory while it is checked and stored.</summary>
    public const int MaxFileBytesLimit = 16 * 1024 * 1024;

    /// <summary>
    /// The MIME types uploads may have; each must be one whose content can be checked
    /// (<see cref="Files.FileTypes.Checkable"/>). Unset: all of those. Null rather than a filled
    /// default because the configuration binder appends to a collection it finds filled.
    /// </summary>
    public string[]? FileTypes { get; set; }

    /// <summary>The types uploads may have, lower-cased.</summary>
    public IReadOnlyList<string> AllowedTypes => FileTypes is { Length: > 0 } types
        ? types.Select(t => t.Trim().ToLowerInvariant()).ToArray()
        : Files.FileTypes.Checkable;

    /// <summary>The largest file upload accepted, in bytes.</summary>
    public int MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    /// <summary>When true, everyone who may read gets /do/data; otherwise admins only.</summary>
    public bool PublicArchive { get; set; }
}
