using System.Text;
using GeminiWiki.Protocol.Gemtext;

namespace GeminiWiki.Domain.Spaces;

/// <summary>
/// Page texts link to other pages the way the default space does ("=> /page/Help"), so a page reads
/// the same wherever it lives, and its backlinks are found the same way. When a space is shown
/// under a prefix, those links are shown under it too ("=> /docs/page/Help"): a reader who follows
/// a link stays in the space. Other links (the capsule's, gemini:// URLs, relative ones) are left as written.
/// </summary>
public static class SpacePageLinks
{
    /// <summary>The first path segments that belong to a space rather than to the whole capsule.</summary>
    public static IReadOnlySet<string> SpaceSegments { get; } = new HashSet<string>(StringComparer.Ordinal) { "page", "raw", "history", "diff", "file" };

    /// <summary>Rendered gemtext with its links into the space moved under <paramref name="prefix"/> ("/docs"; "" changes nothing).</summary>
    public static string Mount(string gemtext, string prefix)
    {
        if (prefix.Length == 0 || !gemtext.Contains("=>", StringComparison.Ordinal))
        {
            return gemtext;
        }

        var output = new StringBuilder(gemtext.Length + 64);
        foreach (var line in GemtextReader.Lines(gemtext))
        {
            var text = line.Text;
            if (line.LinkUrl is { } url && BelongsToSpace(url))
            {
                var at = text.IndexOf(url, 2, StringComparison.Ordinal);
                text = string.Concat(text.AsSpan(0, at), prefix, text.AsSpan(at));
            }

            output.Append(text).Append('\n');
        }

        if (!gemtext.EndsWith('\n'))
        {
            output.Length--;
        }

        return output.ToString();
    }

    private static bool BelongsToSpace(string url)
    {
        if (url.Length < 2 || url[0] != '/' || url[1] == '/')
        {
            return false;
        }

        var end = url.IndexOfAny(['/', '?', '#'], 1);
        var first = end < 0 ? url[1..] : url[1..end];
        return SpaceSegments.Contains(first);
    }
}
