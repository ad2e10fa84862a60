using System.Text;
using BenchmarkDotNet.Attributes;
using GeminiWiki.Domain.Rendering;

namespace GeminiWiki.MicroBench.Domain;

/// <summary>MarkdownGemtext.Convert on a README-sized document (headings, lists, links, code, emphasis, a table).</summary>
[MemoryDiagnoser]
public class MarkdownGemtextBenchmarks
{
    private string _markdown = string.Empty;

    [Params(4, 40)]
    public int KiloBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var section = """
            ## Section

            Some *emphasis*, some **strong** text and a [link](gemini://example.org/page) inside a paragraph
            that runs over two lines, with `inline code` too.

            - first item with [another link](https://example.org/)
            - second item
              - nested item

            > A quote that spans
            > two lines.

            ```csharp
            var answer = 42;
            ```

            | name | value |
            |------|-------|
            | a    | 1     |

            """;
        var text = new StringBuilder("# Title\n\n");
        while (text.Length < KiloBytes * 1024)
        {
            text.Append(section);
        }

        _markdown = text.ToString();
    }

    [Benchmark]
    public string Convert() => MarkdownGemtext.Convert(_markdown);
}
