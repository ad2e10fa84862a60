namespace GeminiWiki.Domain.Diff;

/// <summary>A run of changed lines with a little unchanged context around it.</summary>
public sealed record DiffHunk(int OldStart, int NewStart, IReadOnlyList<DiffLine> Lines);

/// <summary>Groups a diff into hunks, dropping unchanged lines further than <c>context</c> from any change.</summary>
public static class DiffHunks
{
    public const int DefaultContext = 2;

    public static IReadOnlyList<DiffHunk> Group(IReadOnlyList<DiffLine> lines, int context = DefaultContext)
    {
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind == DiffKind.Unchanged)
            {
                continue;
            }

            for (var j = Math.Max(0, i - context); j <= Math.Min(lines.Count - 1, i + context); j++)
            {
                keep[j] = true;
            }
        }

        var hunks = new List<DiffHunk>();
        List<DiffLine>? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!keep[i])
            {
                Close();
                continue;
            }

            current ??= [];
            current.Add(lines[i]);
        }

        Close();
        return hunks;

        void Close()
        {
            if (current is null)
            {
                return;
            }

            var first = current[0];
            var oldStart = first.OldNumber != 0 ? first.OldNumber : current.FirstOrDefault(l => l.OldNumber != 0).OldNumber;
            var newStart = first.NewNumber != 0 ? first.NewNumber : current.FirstOrDefault(l => l.NewNumber != 0).NewNumber;
            hunks.Add(new DiffHunk(oldStart, newStart, current));
            current = null;
        }
    }
}
