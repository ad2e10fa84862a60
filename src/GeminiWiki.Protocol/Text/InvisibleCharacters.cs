namespace GeminiWiki.Protocol.Text;

/// <summary>
/// Characters that change how text around them is shown without being seen themselves: bidi
/// controls (a name can read "txt.exe" while it is "exe.txt"), zero-width characters (two names
/// look the same and are not) and the Unicode line and paragraph separators (a line that looks
/// like two). Names refuse them and logs escape them.
/// </summary>
public static class InvisibleCharacters
{
    public static bool Is(char c) => c switch
    {
        '\u061C' or '\u200E' or '\u200F' => true, // Arabic letter mark, left-to-right and right-to-left marks
        >= '\u202A' and <= '\u202E' => true, // bidi embeddings and overrides
        >= '\u2066' and <= '\u2069' => true, // bidi isolates
        >= '\u200B' and <= '\u200D' => true, // zero-width space, non-joiner, joiner
        '\u2060' or '\uFEFF' => true, // word joiner, zero-width no-break space (BOM)
        '\u2028' or '\u2029' => true, // line and paragraph separators
        _ => false,
    };

    /// <summary>The first invisible character in <paramref name="text"/>, or null.</summary>
    public static char? FirstIn(string text)
    {
        foreach (var c in text)
        {
            if (Is(c))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>How a person can recognise it in a message: "U+202E".</summary>
    public static string Name(char c) => $"U+{(int)c:X4}";
}
