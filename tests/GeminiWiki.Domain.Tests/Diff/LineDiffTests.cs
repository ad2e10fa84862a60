using GeminiWiki.Domain.Diff;

namespace GeminiWiki.Domain.Tests.Diff;

public sealed class LineDiffTests
{
    [Fact]
    public void Identical_texts_have_no_changes()
    {
        var lines = LineDiff.Compare("a\nb\nc\n", "a\nb\nc\n");
        Assert.All(lines, l => Assert.Equal(DiffKind.Unchanged, l.Kind));
        Assert.Empty(DiffHunks.Group(lines));
    }

    [Fact]
    public void An_inserted_line_is_the_only_change()
    {
        var lines = LineDiff.Compare("a\nb\nc\n", "a\nb\nNEW\nc\n");
        var changed = Assert.Single(lines, l => l.Kind != DiffKind.Unchanged);
        Assert.Equal(new DiffLine(DiffKind.Added, "NEW", 0, 3), changed);
    }

    [Fact]
    public void A_changed_line_shows_as_removed_then_added()
    {
        var lines = LineDiff.Compare("one\ntwo\nthree\n", "one\n2\nthree\n");
        Assert.Equal(
            [
                new DiffLine(DiffKind.Unchanged, "one", 1, 1),
                new DiffLine(DiffKind.Removed, "two", 2, 0),
                new DiffLine(DiffKind.Added, "2", 0, 2),
                new DiffLine(DiffKind.Unchanged, "three", 3, 3),
            ],
            lines);
    }

    [Fact]
    public void From_and_to_empty_text()
    {
        Assert.All(LineDiff.Compare(string.Empty, "x\ny"), l => Assert.Equal(DiffKind.Added, l.Kind));
        Assert.All(LineDiff.Compare("x\ny", string.Empty), l => Assert.Equal(DiffKind.Removed, l.Kind));
        Assert.Empty(LineDiff.Compare(string.Empty, string.Empty));
    }

    [Fact]
    public void Crlf_and_lf_texts_compare_equal()
    {
        Assert.All(LineDiff.Compare("a\r\nb\r\n", "a\nb\n"), l => Assert.Equal(DiffKind.Unchanged, l.Kind));
    }

    [Fact]
    public void A_missing_final_line_break_is_not_a_change()
    {
        Assert.All(LineDiff.Compare("a\nb", "a\nb\n"), l => Assert.Equal(DiffKind.Unchanged, l.Kind));
    }

    [Fact]
    public void A_blank_last_line_is_a_line()
    {
        var lines = LineDiff.Compare("a\n", "a\n\n");
        Assert.Equal([new DiffLine(DiffKind.Unchanged, "a", 1, 1), new DiffLine(DiffKind.Added, string.Empty, 0, 2)], lines);
    }

    [Fact]
    public void A_lone_empty_line_differs_from_no_lines()
    {
        Assert.Equal([new DiffLine(DiffKind.Added, string.Empty, 0, 1)], LineDiff.Compare([], [string.Empty]));
    }

    [Fact]
    public void Random_edits_give_a_shortest_diff_that_rebuilds_both_texts()
    {
        var random = new Random(4);
        for (var round = 0; round < 300; round++)
        {
            var a = RandomLines(random, random.Next(0, 25));
            var b = Mutate(random, a);
            var diff = LineDiff.Compare(a, b);

            Assert.Equal(a, diff.Where(l => l.Kind != DiffKind.Added).Select(l => l.Text));
            Assert.Equal(b, diff.Where(l => l.Kind != DiffKind.Removed).Select(l => l.Text));
            // Minimal: the unchanged lines are a longest common subsequence.
            Assert.Equal(LcsLength(a, b), diff.Count(l => l.Kind == DiffKind.Unchanged));
        }
    }

    [Fact]
    public void A_large_page_with_a_few_changes_is_fast_and_small()
    {
        var a = Enumerable.Range(0, 20_000).Select(i => $"line {i}").ToArray();
        var b = a.ToList();
        b[5_000] = "changed";
        b.Insert(15_000, "inserted");
        b.RemoveAt(19_000);
        var diff = LineDiff.Compare(a, b);
        Assert.Equal(2, diff.Count(l => l.Kind == DiffKind.Removed));
        Assert.Equal(2, diff.Count(l => l.Kind == DiffKind.Added));
    }

    [Fact]
    public void Completely_different_large_texts_do_not_need_quadratic_memory()
    {
        var a = Enumerable.Range(0, 5_000).Select(i => $"a{i}").ToArray();
        var b = Enumerable.Range(0, 5_000).Select(i => $"b{i}").ToArray();
        var diff = LineDiff.Compare(a, b);
        Assert.Equal(10_000, diff.Count);
    }

    [Fact]
    public void Hunks_keep_two_lines_of_context_and_drop_the_rest()
    {
        var a = Enumerable.Range(1, 100).Select(i => $"line {i}").ToArray();
        var b = a.ToArray();
        b[9] = "CHANGED 10";
        b[79] = "CHANGED 80";
        var hunks = DiffHunks.Group(LineDiff.Compare(a, b));

        Assert.Equal(2, hunks.Count);
        Assert.Equal(8, hunks[0].OldStart);
        Assert.Equal(["line 8", "line 9", "line 10", "CHANGED 10", "line 11", "line 12"], hunks[0].Lines.Select(l => l.Text));
        Assert.Equal(6, hunks[1].Lines.Count);
    }

    private static string[] RandomLines(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => ((char)('a' + random.Next(5))).ToString()).ToArray();

    private static string[] Mutate(Random random, string[] lines)
    {
        var result = lines.ToList();
        var edits = random.Next(0, 8);
        for (var i = 0; i < edits; i++)
        {
            switch (random.Next(3))
            {
                case 0:
                    result.Insert(random.Next(result.Count + 1), ((char)('a' + random.Next(7))).ToString());
                    break;
                case 1 when result.Count > 0:
                    result.RemoveAt(random.Next(result.Count));
                    break;
                case 2 when result.Count > 0:
                    result[random.Next(result.Count)] = ((char)('a' + random.Next(7))).ToString();
                    break;
            }
        }

        return result.ToArray();
    }

    private static int LcsLength(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                table[i, j] = a[i - 1] == b[j - 1] ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }

        return table[a.Length, b.Length];
    }
}
