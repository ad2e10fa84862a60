using System.Text;
using GeminiWiki.Protocol.Text;

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

    // Skeleton → the reserved name it stands for.
    private static readonly Dictionary<string, string> ReservedSkeletons =
        Reserved.GroupBy(Skeleton, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);

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

        if (InvisibleCharacters.FirstIn(value) is { } invisible)
        {
            problem = $"A name cannot contain invisible characters such as direction marks, bidi controls or zero-width spaces (it has {InvisibleCharacters.Name(invisible)}).";
            return false;
        }

        // Before the character rules, so "ａｄｍｉｎ" is told it imitates a reserved name.
        if (Reserved.Contains(value.ToLowerInvariant()))
        {
            problem = $"'{value}' is reserved.";
            return false;
        }

        if (ReservedSkeletons.TryGetValue(Skeleton(value), out var imitated))
        {
            problem = $"'{value}' is reserved: it looks too much like '{imitated}'.";
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


        problem = string.Empty;
        name = new AccountName(value);
        return true;
    }

    /// <summary>
    /// What a name looks like to a reader in a hurry: compatibility forms folded (NFKC: full-width
    /// and mathematical letters become plain ones), lower case, separators dropped and characters
    /// that pass for one another merged (0/o, 1/l/i, 3/e, 4/a, 5/s, 7/t, $/s, @/a, rn/m, vv/w).
    /// Two names with one skeleton can be told apart only by looking closely.
    /// </summary>
    internal static string Skeleton(string text)
    {
        string folded;
        try
        {
            folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // Not valid Unicode; the character rules refuse it.
            folded = text.ToLowerInvariant();
        }

        var skeleton = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            var look = c switch
            {
                '0' => 'o',
                '1' or 'i' or '|' or '!' => 'l',
                '3' => 'e',
                '4' or '@' => 'a',
                '5' or '$' => 's',
                '7' or '+' => 't',
                _ => c,
            };
            if (!char.IsPunctuation(look) && !char.IsSymbol(look) && !char.IsWhiteSpace(look) && !InvisibleCharacters.Is(look))
            {
                skeleton.Append(look);
            }
        }

        return skeleton.Replace("rn", "m").Replace("vv", "w").ToString();
    }

    /// <summary>Rebuilds a name read back from the store (already validated when it was created).</summary>
    internal static AccountName FromStore(string value) => new(value);

    public override string ToString() => Value ?? string.Empty;
}
