using System.Numerics;

namespace GeminiWiki.LoadGen.Measuring;

/// <summary>
/// Log-linear latency buckets in microseconds, in the manner of HdrHistogram: exact below 128 µs,
/// then 64 buckets per power of two (at most 1.6 % error). One per worker, merged at the end, so
/// recording is a single array increment with no locks and no allocation.
/// </summary>
public sealed class LatencyHistogram
{
    private const int LinearLimit = 128;
    private const int SubBuckets = 64;
    private const int MaxExponent = 34; // values up to 2^41 µs (about 25 days) fit

    private readonly long[] _counts = new long[LinearLimit + (MaxExponent * SubBuckets)];

    public long Count { get; private set; }

    public long MaxMicros { get; private set; }

    public long MinMicros { get; private set; } = long.MaxValue;

    public double SumMicros { get; private set; }

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        _counts[IndexOf(micros)]++;
        Count++;
        SumMicros += micros;
        if (micros > MaxMicros)
        {
            MaxMicros = micros;
        }

        if (micros < MinMicros)
        {
            MinMicros = micros;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        SumMicros += other.SumMicros;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
        MinMicros = Math.Min(MinMicros, other.MinMicros);
    }

    /// <summary>The value at <paramref name="percentile"/> (0–100): the upper edge of its bucket, never above the true maximum.</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var target = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= target)
            {
                return Math.Min(UpperEdge(i), MaxMicros);
            }
        }

        return MaxMicros;
    }

    public double MeanMicros => Count == 0 ? 0 : SumMicros / Count;

    internal static int IndexOf(long micros)
    {
        if (micros < LinearLimit)
        {
            return (int)micros;
        }

        var msb = 63 - BitOperations.LeadingZeroCount((ulong)micros);
        var exponent = msb - 6;
        if (exponent > MaxExponent)
        {
            return LinearLimit + (MaxExponent * SubBuckets) - 1;
        }

        var mantissa = (int)(micros >> exponent) - SubBuckets;
        return LinearLimit + ((exponent - 1) * SubBuckets) + mantissa;
    }

    internal static long UpperEdge(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var exponent = ((index - LinearLimit) / SubBuckets) + 1;
        var mantissa = ((index - LinearLimit) % SubBuckets) + SubBuckets;
        return ((long)(mantissa + 1) << exponent) - 1;
    }
}
