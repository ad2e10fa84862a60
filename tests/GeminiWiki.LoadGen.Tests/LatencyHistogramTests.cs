using GeminiWiki.LoadGen.Measuring;

namespace GeminiWiki.LoadGen.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Small_values_are_exact()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 100; i++)
        {
            histogram.Record(i);
        }

        Assert.Equal(50, histogram.Percentile(50));
        Assert.Equal(99, histogram.Percentile(99));
        Assert.Equal(100, histogram.Percentile(100));
        Assert.Equal(100, histogram.MaxMicros);
        Assert.Equal(1, histogram.MinMicros);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(1_000)]
    [InlineData(12_345)]
    [InlineData(1_500_000)]
    [InlineData(3_600_000_000)]
    public void Large_values_are_within_two_percent(long micros)
    {
        var histogram = new LatencyHistogram();
        histogram.Record(micros);
        histogram.Record(micros * 4); // so the percentile is not simply capped at the maximum

        var p50 = histogram.Percentile(50);
        Assert.InRange(p50, micros, micros * 1.02);
    }

    [Fact]
    public void Buckets_are_contiguous_and_ordered()
    {
        var previous = -1L;
        for (var index = 0; index < 1000; index++)
        {
            var edge = LatencyHistogram.UpperEdge(index);
            Assert.True(edge > previous);
            Assert.Equal(index, LatencyHistogram.IndexOf(edge));
            Assert.Equal(index, LatencyHistogram.IndexOf(previous + 1));
            previous = edge;
        }
    }

    [Fact]
    public void Merging_adds_counts_and_keeps_extremes()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(10);
        b.Record(5_000);
        b.Record(7);

        a.Add(b);

        Assert.Equal(3, a.Count);
        Assert.Equal(7, a.MinMicros);
        Assert.Equal(5_000, a.MaxMicros);
        Assert.Equal(10, a.Percentile(50));
    }

    [Fact]
    public void Empty_histogram_reports_zero() => Assert.Equal(0, new LatencyHistogram().Percentile(99));
}
