using System.Globalization;
using System.Text;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Text;

namespace GeminiWiki.Domain.Pages;

/// <summary>
/// The name of a wiki page as people write it: any Unicode text without control characters, '/' or
/// invisible characters that change how the name is shown (<see cref="InvisibleCharacters"/>),
/// case-preserving for display, with a normalised <see cref="Key"/> (NFC, lower case) so that
/// "Home" and "home" are the same page. Always percent-encoded when it goes into a URL.
/// </summary>
public readonly record struct PageName
{
    public const int DefaultMaxLength = 100;

    private PageName(string value)
    {
        Value = value;
        Key = KeyOf(value);
    }

    /// <summary>The name as written (NFC-normalised, trimmed).</summary>
    public string Value { get; }

    /// <summary>The identity of the page: NFC, lower-cased with the invariant culture.</summary>
    public string Key { get; }

    /// <summary>The name as one percent-encoded path segment, for links.</summary>
    public string UrlSegment => PercentEncoding.EncodeSegment(Value);

    public bool Equals(PageName other) => string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override int GetHashCode() => Key is null ? 0 : StringComparer.Ordinal.GetHashCode(Key);

    public override string ToString() => Value ?? string.Empty;

    public static PageName Parse(string text, int maxLength = DefaultMaxLength) =>
        TryParse(text, maxLength, out var name, out var problem) ? name : throw new FormatException(problem);

    /// <summary>Validates a page name; <paramref name="problem"/> says what is wrong, in words for the user.</summary>
    public static bool TryParse(string? text, int maxLength, out PageName name, out string problem)
    {
        name = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "A page name cannot be empty";
            return false;
        }

        string normalized;
        try
        {
            normalized = text.Normalize(NormalizationForm.FormC).Trim();
        }
        catch (ArgumentException)
        {
            problem = "A page name must be valid Unicode";
            return false;
        }

        foreach (var rune in normalized.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value is 0xFEFF or 0x2028 or 0x2029)
            {
                problem = "A page name cannot contain control characters or line breaks";
                return false;
            }

            if (rune.IsBmp && InvisibleCharacters.Is((char)rune.Value))
            {
                problem = $"A page name cannot contain invisible characters such as direction marks, bidi controls or zero-width spaces (it has {InvisibleCharacters.Name((char)rune.Value)})";
                return false;
            }

            if (rune.Value == '/')
            {
                problem = "A page name cannot contain '/'";
                return false;
            }
        }

        // "." and ".." would vanish when the URL path is normalised.
        if (normalized is "." or "..")
        {
            problem = "A page name cannot be '.' or '..'";
            return false;
        }

        var length = new StringInfo(normalized).LengthInTextElements;
        if (length > maxLength)
        {
            problem = $"A page name can be at most {maxLength} characters long (this one has {length})";
            return false;
        }

        problem = string.Empty;
        name = new PageName(normalized);
        return true;
    }

    internal static string KeyOf(string value) => value.Normalize(NormalizationForm.FormC).ToLowerInvariant();

    /// <summary>Rebuilds a name already validated when it was stored.</summary>
    internal static PageName FromStored(string value) => new(value);
}
