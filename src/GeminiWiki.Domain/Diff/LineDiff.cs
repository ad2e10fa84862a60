using DiffPlex;
using DiffPlex.Model;

namespace GeminiWiki.Domain.Diff;

public enum DiffKind
{
    Unchanged,
    Removed,
    Added,
}

/// <summary>One line of a diff; line numbers are 1-based in the old and new text (0 where the line is absent).</summary>
public readonly record struct DiffLine(DiffKind Kind, string Text, int OldNumber, int NewNumber);

/// <summary>
/// A line diff on DiffPlex's Myers implementation, so the page history shows a shortest edit
/// without us keeping a diff algorithm of our own. Pure: text in, lines out.
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compare(string oldText, string newText) =>
        Expand(Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, WikiLines.Instance));

    /// <summary>Compares lines as <see cref="SplitLines"/> gives them: none may hold a line break.</summary>
    public static IReadOnlyList<DiffLine> Compare(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines) =>
        Compare(Terminated(oldLines), Terminated(newLines));

    /// <summary>Splits on LF, CRLF or a lone CR; a final line break does not add an empty line.</summary>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (normalized.EndsWith('\n'))
        {
            normalized = normalized[..^1];
        }

        return normalized.Split('\n');
    }

    // Every line gets its own terminator, so an empty list and a list of one empty line stay apart.
    private static string Terminated(IReadOnlyList<string> lines) =>
        string.Concat(lines.Select(line => line + "\n"));

    // DiffPlex reports only the changed blocks; the unchanged lines between them are filled in here
    // so a caller sees every line once, in order, with its numbers on both sides.
    private static List<DiffLine> Expand(DiffResult result)
    {
        var oldLines = result.PiecesOld;
        var newLines = result.PiecesNew;
        var lines = new List<DiffLine>(Math.Max(oldLines.Count, newLines.Count));
        int i = 0, j = 0;
        foreach (var block in result.DiffBlocks)
        {
            while (i < block.DeleteStartA)
            {
                lines.Add(new DiffLine(DiffKind.Unchanged, oldLines[i], i + 1, j + 1));
                i++;
                j++;
            }

            for (; i < block.DeleteStartA + block.DeleteCountA; i++)
            {
                lines.Add(new DiffLine(DiffKind.Removed, oldLines[i], i + 1, 0));
            }

            for (; j < block.InsertStartB + block.InsertCountB; j++)
            {
                lines.Add(new DiffLine(DiffKind.Added, newLines[j], 0, j + 1));
            }
        }

        for (; i < oldLines.Count; i++, j++)
        {
            lines.Add(new DiffLine(DiffKind.Unchanged, oldLines[i], i + 1, j + 1));
        }

        return lines;
    }

    /// <summary>DiffPlex's own line chunker keeps a final empty line and never joins CRLF with LF; ours does both.</summary>
    private sealed class WikiLines : IChunker
    {
        public static readonly WikiLines Instance = new();

        public IReadOnlyList<string> Chunk(string text) => SplitLines(text);
    }
}
