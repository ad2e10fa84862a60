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
/// A line diff with Myers' O(ND) algorithm in linear space (the "middle snake" bisection), so a
/// 100 KB page of short lines never needs a quadratic table. Pure: text in, lines out.
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compare(string oldText, string newText) =>
        Compare(SplitLines(oldText), SplitLines(newText));

    public static IReadOnlyList<DiffLine> Compare(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        // Lines become integers once, so the inner loops compare ints, not strings.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var a = oldLines.Select(l => Intern(ids, l)).ToArray();
        var b = newLines.Select(l => Intern(ids, l)).ToArray();

        var matches = new List<(int Old, int New)>();
        new Bisector(a, b, matches).Run(0, a.Length, 0, b.Length);

        var result = new List<DiffLine>(Math.Max(a.Length, b.Length));
        int i = 0, j = 0;
        foreach (var (mi, mj) in matches)
        {
            for (; i < mi; i++)
            {
                result.Add(new DiffLine(DiffKind.Removed, oldLines[i], i + 1, 0));
            }

            for (; j < mj; j++)
            {
                result.Add(new DiffLine(DiffKind.Added, newLines[j], 0, j + 1));
            }

            result.Add(new DiffLine(DiffKind.Unchanged, oldLines[i], i + 1, j + 1));
            i++;
            j++;
        }

        for (; i < a.Length; i++)
        {
            result.Add(new DiffLine(DiffKind.Removed, oldLines[i], i + 1, 0));
        }

        for (; j < b.Length; j++)
        {
            result.Add(new DiffLine(DiffKind.Added, newLines[j], 0, j + 1));
        }

        return result;
    }

    /// <summary>Splits on LF (a CR before it goes); a final line break does not add an empty line.</summary>
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

    private static int Intern(Dictionary<string, int> ids, string line)
    {
        if (!ids.TryGetValue(line, out var id))
        {
            id = ids.Count;
            ids[line] = id;
        }

        return id;
    }

    /// <summary>Recursive bisection collecting the matched line pairs in order.</summary>
    private sealed class Bisector(int[] a, int[] b, List<(int Old, int New)> matches)
    {
        public void Run(int aLo, int aHi, int bLo, int bHi)
        {
            // Common prefix.
            while (aLo < aHi && bLo < bHi && a[aLo] == b[bLo])
            {
                matches.Add((aLo++, bLo++));
            }

            // Common suffix, emitted after the middle.
            var aEnd = aHi;
            var bEnd = bHi;
            while (aEnd > aLo && bEnd > bLo && a[aEnd - 1] == b[bEnd - 1])
            {
                aEnd--;
                bEnd--;
            }

            if (aLo < aEnd && bLo < bEnd)
            {
                var (x, y) = MiddleSnake(aLo, aEnd, bLo, bEnd);
                if ((x == aLo && y == bLo) || (x == aEnd && y == bEnd))
                {
                    // No split that shrinks the problem: nothing in common between the two middles.
                }
                else
                {
                    Run(aLo, x, bLo, y);
                    Run(x, aEnd, y, bEnd);
                }
            }

            for (int i = aEnd, j = bEnd; i < aHi; i++, j++)
            {
                matches.Add((i, j));
            }
        }

        // Myers' bisection as in diff-match-patch: walk forward and backward D-paths until they
        // overlap; the overlap point lies on an optimal path and splits the problem in two.
        private (int X, int Y) MiddleSnake(int aLo, int aHi, int bLo, int bHi)
        {
            var n = aHi - aLo;
            var m = bHi - bLo;
            var maxD = (n + m + 1) / 2;
            var offset = maxD;
            var length = 2 * maxD + 2;
            var v1 = new int[length];
            var v2 = new int[length];
            Array.Fill(v1, -1);
            Array.Fill(v2, -1);
            v1[offset + 1] = 0;
            v2[offset + 1] = 0;
            var delta = n - m;
            var front = delta % 2 != 0;
            int k1Start = 0, k1End = 0, k2Start = 0, k2End = 0;
            for (var d = 0; d < maxD; d++)
            {
                for (var k1 = -d + k1Start; k1 <= d - k1End; k1 += 2)
                {
                    var k1Offset = offset + k1;
                    var x1 = k1 == -d || (k1 != d && v1[k1Offset - 1] < v1[k1Offset + 1]) ? v1[k1Offset + 1] : v1[k1Offset - 1] + 1;
                    var y1 = x1 - k1;
                    while (x1 < n && y1 < m && a[aLo + x1] == b[bLo + y1])
                    {
                        x1++;
                        y1++;
                    }

                    v1[k1Offset] = x1;
                    if (x1 > n)
                    {
                        k1End += 2;
                    }
                    else if (y1 > m)
                    {
                        k1Start += 2;
                    }
                    else if (front)
                    {
                        var k2Offset = offset + delta - k1;
                        if (k2Offset >= 0 && k2Offset < length && v2[k2Offset] != -1 && x1 >= n - v2[k2Offset])
                        {
                            return (aLo + x1, bLo + y1);
                        }
                    }
                }

                for (var k2 = -d + k2Start; k2 <= d - k2End; k2 += 2)
                {
                    var k2Offset = offset + k2;
                    var x2 = k2 == -d || (k2 != d && v2[k2Offset - 1] < v2[k2Offset + 1]) ? v2[k2Offset + 1] : v2[k2Offset - 1] + 1;
                    var y2 = x2 - k2;
                    while (x2 < n && y2 < m && a[aLo + n - x2 - 1] == b[bLo + m - y2 - 1])
                    {
                        x2++;
                        y2++;
                    }

                    v2[k2Offset] = x2;
                    if (x2 > n)
                    {
                        k2End += 2;
                    }
                    else if (y2 > m)
                    {
                        k2Start += 2;
                    }
                    else if (!front)
                    {
                        var k1Offset = offset + delta - k2;
                        if (k1Offset >= 0 && k1Offset < length && v1[k1Offset] != -1)
                        {
                            var x1 = v1[k1Offset];
                            var y1 = offset + x1 - k1Offset;
                            if (x1 >= n - x2)
                            {
                                return (aLo + x1, bLo + y1);
                            }
                        }
                    }
                }
            }

            return (aLo, bLo);
        }
    }
}
