using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Files;

/// <summary>
/// The name of an uploaded file ("cat.png"): the same rules as page names — any Unicode without
/// control or invisible characters or '/', case kept for display, one <see cref="Key"/> for
/// "Cat.PNG" and "cat.png" — so a file name is always one safe URL segment and one archive entry.
/// </summary>
public readonly record struct FileName
{
    private readonly PageName _name;

    private FileName(PageName name) => _name = name;

    public string Value => _name.Value;

    public string Key => _name.Key;

    public bool Equals(FileName other) => _name.Equals(other._name);

    public override int GetHashCode() => _name.GetHashCode();

    public override string ToString() => Value ?? string.Empty;

    public static FileName Parse(string text, int maxLength = PageName.DefaultMaxLength) =>
        TryParse(text, maxLength, out var name, out var problem) ? name : throw new FormatException(problem);

    public static bool TryParse(string? text, int maxLength, out FileName name, out string problem)
    {
        if (PageName.TryParse(text, maxLength, out var valid, out problem))
        {
            name = new FileName(valid);
            return true;
        }

        name = default;
        // One set of naming rules, worded for what is being named.
        problem = problem.Replace("A page name", "A file name", StringComparison.Ordinal);
        return false;
    }

    internal static FileName FromStored(string value) => new(PageName.FromStored(value));
}
