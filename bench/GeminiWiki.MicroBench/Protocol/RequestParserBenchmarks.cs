using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.MicroBench.Protocol;

/// <summary>RequestParser.TryParse on the lines a wiki sees most, plus the longest allowed and a rejected one.</summary>
[MemoryDiagnoser]
public class RequestParserBenchmarks
{
    private readonly ServedAuthority _served = new(["localhost"], 1965, acceptTitan: true);
    private byte[] _page = [];
    private byte[] _search = [];
    private byte[] _titan = [];
    private byte[] _longest = [];
    private byte[] _junk = [];

    [GlobalSetup]
    public void Setup()
    {
        _page = Encoding.UTF8.GetBytes("gemini://localhost/page/Welcome");
        _search = Encoding.UTF8.GetBytes("gemini://localhost:1965/do/search?caf%C3%A9%20au%20lait");
        _titan = Encoding.UTF8.GetBytes("titan://localhost/raw/Welcome;size=10240;mime=text/gemini;token=abc");
        var prefix = "gemini://localhost/page/";
        _longest = Encoding.UTF8.GetBytes(prefix + new string('a', RequestParser.MaxRequestBytes - prefix.Length));
        _junk = Encoding.UTF8.GetBytes("/page/../../etc/passwd");
    }

    [Benchmark(Baseline = true)]
    public bool PageView() => RequestParser.TryParse(_page, _served, IPAddress.Loopback, out _, out _);

    [Benchmark]
    public bool SearchWithQuery() => RequestParser.TryParse(_search, _served, IPAddress.Loopback, out _, out _);

    [Benchmark]
    public bool TitanUpload() => RequestParser.TryParse(_titan, _served, IPAddress.Loopback, out _, out _);

    [Benchmark]
    public bool Longest1024Bytes() => RequestParser.TryParse(_longest, _served, IPAddress.Loopback, out _, out _);

    [Benchmark]
    public bool RejectedRelative() => RequestParser.TryParse(_junk, _served, IPAddress.Loopback, out _, out _);
}
