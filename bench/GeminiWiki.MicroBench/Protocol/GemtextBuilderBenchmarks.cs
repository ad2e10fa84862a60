using BenchmarkDotNet.Attributes;
using GeminiWiki.Protocol.Gemtext;

namespace GeminiWiki.MicroBench.Protocol;

/// <summary>Building the gemtext of a typical generated page: headings, a body of text and a list of links.</summary>
[MemoryDiagnoser]
public class GemtextBuilderBenchmarks
{
    private string _paragraphs = string.Empty;
    private string[] _pageNames = [];

    [Params(20, 200)]
    public int Links { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _paragraphs = string.Join("\n", Enumerable.Range(0, 40).Select(i => i % 7 == 0 ? $"=> not/a/link {i}" : $"Paragraph {i}: the quick brown fox jumps over the lazy dog."));
        _pageNames = Enumerable.Range(0, Links).Select(i => $"Page{i:D5}").ToArray();
    }

    [Benchmark]
    public string IndexPage()
    {
        var page = new GemtextBuilder().Heading("All pages").Blank();
        foreach (var name in _pageNames)
        {
            page.Link("/page/" + name, name);
        }

        return page.ToString();
    }

    [Benchmark]
    public string WikiPage()
    {
        var page = new GemtextBuilder()
            .Heading("Welcome")
            .Text(_paragraphs)
            .Blank()
            .Heading("Links", 2);
        for (var i = 0; i < Math.Min(Links, 20); i++)
        {
            page.Link("/page/" + _pageNames[i], _pageNames[i]);
        }

        return page.Blank().Link("/history/Welcome", "History").Link("/raw/Welcome", "Raw").ToString();
    }
}
