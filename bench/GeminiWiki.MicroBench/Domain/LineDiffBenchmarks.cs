using BenchmarkDotNet.Attributes;
using GeminiWiki.Domain.Diff;

namespace GeminiWiki.MicroBench.Domain;

/// <summary>LineDiff.Compare: what /diff/&lt;name&gt;/&lt;rev&gt; computes, on a page of a few hundred lines.</summary>
[MemoryDiagnoser]
public class LineDiffBenchmarks
{
    private string _old = string.Empty;
    private string _small = string.Empty;
    private string _rewritten = string.Empty;

    [Params(200, 2000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var lines = Enumerable.Range(0, Lines).Select(i => $"Line {i} of a wiki page, with some words in it.").ToArray();
        _old = string.Join('\n', lines) + "\n";
        var edited = lines.ToArray();
        edited[Lines / 2] = "An edited line in the middle.";
        _small = string.Join('\n', edited.Append("A line appended at the end.")) + "\n";
        _rewritten = string.Join('\n', lines.Select((line, i) => i % 3 == 0 ? line + " (revised)" : line)) + "\n";
    }

    [Benchmark(Baseline = true)]
    public int SmallEdit() => LineDiff.Compare(_old, _small).Count;

    [Benchmark]
    public int EveryThirdLineChanged() => LineDiff.Compare(_old, _rewritten).Count;
}
