namespace GeminiWiki.Domain.Identity;

/// <summary>
/// A validated account name as the person typed it, with the lower-case key that makes names
/// unique regardless of case ("Alice" and "alice" are the same account).
/// </summary>
public readonly record struct AccountName
{
    public const int MinLength = 2;
    public const int MaxLength = 32;

    /// <summary>Names that would let someone pass for the server or its staff.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "admin", "administrator", "root", "system", "sysop", "anonymous", "guest", "moderator",
        "server", "wiki", "geminiwiki", "cli", "nobody", "owner", "staff", "support",
    };

    private AccountName(string value)
    {
        Value = value;
        Key = value.ToLowerInvariant();
    }

    public string Value { get; }

    /// <summary>The normalised, unique form used for lookups.</summary>
    public string Key { get; }

    /// <summary>Validates a name; on failure <paramref name="problem"/> says why, in words for the person who typed it.</summary>
    public static bool TryCreate(string? text, out AccountName name, out string problem)
    {
        name = default;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length < MinLength || value.Length > MaxLength)
        {
            problem = $"A name has {MinLength} to {MaxLength} characters.";
            return false;
        }

        if (!value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problem = "A name uses only letters A-Z, digits and - _ . (no spaces).";
            return false;
        }

        if (!char.IsAsciiLetterOrDigit(value[0]))
        {
            problem = "A name starts with a letter or a digit.";
            return false;
        }

        if (Reserved.Contains(value.ToLowerInvariant()))
        {
            problem = $"'{value}' is reserved.";
            return false;
        }

        problem = string.Empty;
        name = new AccountName(value);
        return true;
    }

    /// <summary>Rebuilds a name read back from the store (already validated when it was created).</summary>
    internal static AccountName FromStore(string value) => new(value);

    public override string ToString() => Value ?? string.Empty;
}
