namespace GeminiWiki.LoadGen.Measuring;

/// <summary>What one worker measured. Owned by that worker alone while it runs; merged afterwards.</summary>
public sealed class WorkerStats
{
    public static readonly int ErrorKinds = Enum.GetValues<ErrorKind>().Length;

    public LatencyHistogram Latency { get; } = new();

    public LatencyHistogram Handshake { get; } = new();

    public long[] Statuses { get; } = new long[100];

    public long[] Errors { get; } = new long[ErrorKinds];

    /// <summary>Requests that produced a response header.</summary>
    public long Completed { get; set; }

    /// <summary>Requests answered with a 2x status and ended cleanly (close_notify included).</summary>
    public long Succeeded { get; set; }

    /// <summary>Requests attempted (measured ones).</summary>
    public long Attempted { get; set; }

    public long BytesReceived { get; set; }

    public long ResumedHandshakes { get; set; }

    public long FullHandshakes { get; set; }

    public void Add(WorkerStats other)
    {
        Latency.Add(other.Latency);
        Handshake.Add(other.Handshake);
        for (var i = 0; i < Statuses.Length; i++)
        {
            Statuses[i] += other.Statuses[i];
        }

        for (var i = 0; i < Errors.Length; i++)
        {
            Errors[i] += other.Errors[i];
        }

        Completed += other.Completed;
        Succeeded += other.Succeeded;
        Attempted += other.Attempted;
        BytesReceived += other.BytesReceived;
        ResumedHandshakes += other.ResumedHandshakes;
        FullHandshakes += other.FullHandshakes;
    }
}
