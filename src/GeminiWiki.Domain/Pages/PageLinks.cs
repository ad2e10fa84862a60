using System.Text.RegularExpressions;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Domain.Pages;

/// <summary>
/// Finds the wiki pages a text links to: gemtext link lines and Markdown links whose target is
/// <c>/page/&lt;name&gt;</c> (or a gemini:// URL with that path). Kept with the current page so
/// backlinks are one indexed query.
/// </summary>
public static partial class PageLinks
{
    private const string PagePrefix = "/page/";

    public static IReadOnlyList<string> ExtractKeys(string text, PageFormat format)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        if (format == PageFormat.Gemtext)
        {
            var preformatted = false;
            foreach (var rawLine in text.Split('\n'))
            {
                var line = rawLine.TrimEnd('\r');
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    preformatted = !preformatted;
                    continue;
                }

                if (preformatted || !line.StartsWith("=>", StringComparison.Ordinal))
                {
                    continue;
                }

                var rest = line[2..].TrimStart(' ', '\t');
                var end = rest.IndexOfAny([' ', '\t']);
                AddTarget(keys, end < 0 ? rest : rest[..end]);
            }
        }
        else
        {
            foreach (Match match in MarkdownLink().Matches(text))
            {
                AddTarget(keys, match.Groups[1].Value);
            }
        }

        return keys.ToArray();
    }

    private static void AddTarget(SortedSet<string> keys, string url)
    {
        var path = url;
        if (url.StartsWith("gemini://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = url.IndexOf('/', "gemini://".Length);
            path = slash < 0 ? "/" : url[slash..];
        }

        if (!path.StartsWith(PagePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var segment = path[PagePrefix.Length..];
        var end = segment.IndexOfAny(['/', '?', '#']);
        if (end >= 0)
        {
            segment = segment[..end];
        }

        if (PercentEncoding.TryDecode(segment, out var decoded)
            && PageName.TryParse(decoded, int.MaxValue, out var name, out _))
        {
            keys.Add(name.Key);
        }
    }

    [GeneratedRegex(@"\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLink();
}
