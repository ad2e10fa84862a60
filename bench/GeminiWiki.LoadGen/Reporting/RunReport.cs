using System.Globalization;
using System.Text;
using System.Text.Json;
using GeminiWiki.LoadGen.Measuring;
using GeminiWiki.LoadGen.Running;

namespace GeminiWiki.LoadGen.Reporting;

/// <summary>One run as a table for people and as JSON for scripts; both from the same numbers.</summary>
public static class RunReport
{
    private static readonly string[] ErrorNames = ["connect", "handshake", "timeout", "protocol", "closed_without_close_notify", "reset"];

    public static string ErrorName(ErrorKind kind) => ErrorNames[(int)kind];

    public static string Table(RunResult result)
    {
        var s = result.Stats;
        var o = result.Options;
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{result.Options.Label ?? "run"}: {o.Url}");
        text.AppendLine(inv, $"  target {result.Target.EndPoint}  concurrency {o.Concurrency}  TLS {ClientTls.Describe(o.Tls)}  resume {(o.Resume ? "on" : "off")}  client cert {(o.CertificatePath is null ? "no" : "yes")}");
        text.AppendLine(inv, $"  {"requests",-22} {s.Completed,10} answered of {s.Attempted} in {result.ElapsedSeconds:0.00} s");
        text.AppendLine(inv, $"  {"succeeded",-22} {s.Succeeded,10} of {s.Attempted} = {result.SuccessRatio * 100:0.0} % (a 2x status, closed cleanly)");
        text.AppendLine(inv, $"  {"throughput",-22} {result.RequestsPerSecond,10:0.0} req/s");
        text.AppendLine(inv, $"  {"latency ms",-22} p50 {Ms(s.Latency.Percentile(50))}  p90 {Ms(s.Latency.Percentile(90))}  p99 {Ms(s.Latency.Percentile(99))}  max {Ms(s.Latency.MaxMicros)}  mean {s.Latency.MeanMicros / 1000:0.000}");
        text.AppendLine(inv, $"  {"handshake ms",-22} p50 {Ms(s.Handshake.Percentile(50))}  p90 {Ms(s.Handshake.Percentile(90))}  p99 {Ms(s.Handshake.Percentile(99))}  max {Ms(s.Handshake.MaxMicros)}");
        text.AppendLine(inv, $"  {"handshakes",-22} {s.FullHandshakes} full, {s.ResumedHandshakes} resumed (judged by size; server certificate {result.ServerCertificateLength} B)");
        if (o.Resume && System.Net.IPAddress.TryParse(result.Target.Host.Trim('[', ']'), out _))
        {
            // Measured: .NET keys client sessions by the SNI name, and an IP literal sends none.
            text.AppendLine("  note: the URL names an IP address, so .NET sends no SNI and never resumes; use localhost to measure resumption");
        }

        text.Append(inv, $"  {"status",-22}");
        for (var code = 0; code < s.Statuses.Length; code++)
        {
            if (s.Statuses[code] > 0)
            {
                text.Append(inv, $" {code}×{s.Statuses[code]}");
            }
        }

        text.AppendLine();
        text.Append(inv, $"  {"errors",-22} {result.TotalErrors}");
        for (var i = 0; i < s.Errors.Length; i++)
        {
            if (s.Errors[i] > 0)
            {
                text.Append(inv, $"  {ErrorNames[i]} {s.Errors[i]}");
            }
        }

        text.AppendLine();
        text.AppendLine(inv, $"  {"received",-22} {s.BytesReceived / 1024.0:0.0} KiB; generator CPU {result.GeneratorCpuMs:0} ms");
        if (result.Idle is { } idle)
        {
            text.AppendLine(inv, $"  {"idle connections",-22} {idle.Opened} of {idle.Requested} opened in {idle.OpenSeconds:0.0} s ({idle.Failed} failed); cut by server {idle.CutByServer} after {idle.CutAfterMinSeconds:0.0}/{idle.CutAfterMedianSeconds:0.0}/{idle.CutAfterMaxSeconds:0.0} s (min/median/max); still open after {idle.HoldSeconds:0} s: {idle.StillOpenAtEnd}");
        }

        if (result.Crowd is { } crowd)
        {
            text.AppendLine(inv, $"  {"idle TCP crowd",-22} {crowd.OpenAtEnd} of {crowd.Target} open at the end ({crowd.ConnectingAtEnd} connecting), from {crowd.Sources} addresses; min {crowd.OpenMin}, mean {crowd.OpenMean:0} during the run ({crowd.OpenAfterStart} after opening in {crowd.OpenSeconds:0.0} s)");
            text.AppendLine(inv, $"  {"",-22} closed by server {crowd.ClosedByServer}, reopened {crowd.Reopens}, connects {crowd.Connects}, failed connects {crowd.ConnectFailures}");
        }

        return text.ToString();
    }

    public static string Json(RunResult result)
    {
        var s = result.Stats;
        var o = result.Options;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("label", o.Label);
            json.WriteString("url", o.Url);
            json.WriteString("endpoint", result.Target.EndPoint.ToString());
            json.WriteNumber("concurrency", o.Concurrency);
            json.WriteString("tls", ClientTls.Describe(o.Tls));
            json.WriteBoolean("resume", o.Resume);
            json.WriteBoolean("client_certificate", o.CertificatePath is not null);
            json.WriteNumber("elapsed_s", Math.Round(result.ElapsedSeconds, 3));
            json.WriteNumber("warmup_attempted", result.WarmupRequests);
            json.WriteNumber("attempted", s.Attempted);
            json.WriteNumber("completed", s.Completed);
            json.WriteNumber("succeeded", s.Succeeded);
            json.WriteNumber("success_ratio", Math.Round(result.SuccessRatio, 4));
            json.WriteNumber("requests_per_second", Math.Round(result.RequestsPerSecond, 1));
            WriteLatency(json, "latency_ms", s.Latency);
            WriteLatency(json, "handshake_ms", s.Handshake);
            json.WriteNumber("full_handshakes", s.FullHandshakes);
            json.WriteNumber("resumed_handshakes", s.ResumedHandshakes);
            json.WriteStartObject("status");
            for (var code = 0; code < s.Statuses.Length; code++)
            {
                if (s.Statuses[code] > 0)
                {
                    json.WriteNumber(code.ToString(CultureInfo.InvariantCulture), s.Statuses[code]);
                }
            }

            json.WriteEndObject();
            json.WriteNumber("errors_total", result.TotalErrors);
            json.WriteStartObject("errors");
            for (var i = 0; i < s.Errors.Length; i++)
            {
                json.WriteNumber(ErrorNames[i], s.Errors[i]);
            }

            json.WriteEndObject();
            json.WriteNumber("bytes_received", s.BytesReceived);
            json.WriteNumber("generator_cpu_ms", Math.Round(result.GeneratorCpuMs, 1));
            if (result.Idle is { } idle)
            {
                json.WriteStartObject("idle");
                json.WriteNumber("requested", idle.Requested);
                json.WriteNumber("opened", idle.Opened);
                json.WriteNumber("failed", idle.Failed);
                json.WriteNumber("cut_by_server", idle.CutByServer);
                json.WriteNumber("still_open_at_end", idle.StillOpenAtEnd);
                json.WriteNumber("cut_after_min_s", Math.Round(idle.CutAfterMinSeconds, 2));
                json.WriteNumber("cut_after_median_s", Math.Round(idle.CutAfterMedianSeconds, 2));
                json.WriteNumber("cut_after_max_s", Math.Round(idle.CutAfterMaxSeconds, 2));
                json.WriteNumber("hold_s", idle.HoldSeconds);
                json.WriteNumber("open_s", Math.Round(idle.OpenSeconds, 2));
                json.WriteEndObject();
            }

            if (result.Crowd is { } crowd)
            {
                json.WriteStartObject("idle_tcp");
                json.WriteNumber("target", crowd.Target);
                json.WriteNumber("sources", crowd.Sources);
                json.WriteNumber("open_after_start", crowd.OpenAfterStart);
                json.WriteNumber("open_at_end", crowd.OpenAtEnd);
                json.WriteNumber("connecting_at_end", crowd.ConnectingAtEnd);
                json.WriteNumber("open_min", crowd.OpenMin);
                json.WriteNumber("open_mean", Math.Round(crowd.OpenMean, 1));
                json.WriteNumber("connects", crowd.Connects);
                json.WriteNumber("reopens", crowd.Reopens);
                json.WriteNumber("closed_by_server", crowd.ClosedByServer);
                json.WriteNumber("connect_failures", crowd.ConnectFailures);
                json.WriteNumber("open_s", Math.Round(crowd.OpenSeconds, 2));
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteLatency(Utf8JsonWriter json, string name, LatencyHistogram histogram)
    {
        json.WriteStartObject(name);
        json.WriteNumber("p50", histogram.Percentile(50) / 1000.0);
        json.WriteNumber("p90", histogram.Percentile(90) / 1000.0);
        json.WriteNumber("p99", histogram.Percentile(99) / 1000.0);
        json.WriteNumber("max", histogram.MaxMicros / 1000.0);
        json.WriteNumber("mean", Math.Round(histogram.MeanMicros / 1000.0, 3));
        json.WriteEndObject();
    }

    private static string Ms(long micros) => (micros / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
}
