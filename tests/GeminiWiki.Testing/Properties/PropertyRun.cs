using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using CsCheck;

namespace GeminiWiki.Testing;

/// <summary>
/// Runs one property with CsCheck, the same way in the test suite and in the long run. The suite
/// samples a fixed number of inputs per property; <c>bench/fuzz.sh</c> sets
/// <c>GEMINIWIKI_FUZZ_SECONDS</c> so that every property runs for that long instead, and
/// <c>GEMINIWIKI_FUZZ_REPORT</c> to a file that gets one line per property: name, inputs tried,
/// seconds, and whether it failed. A failure throws CsCheck's report (seed and shrunk input).
/// </summary>
/// <remarks>
/// Compiled into GeminiWiki.Testing and linked as source into GeminiWiki.Protocol.Tests, which
/// keeps its single dependency on the protocol library.
/// </remarks>
public static class PropertyRun
{
    public const string SecondsVariable = "GEMINIWIKI_FUZZ_SECONDS";
    public const string ReportVariable = "GEMINIWIKI_FUZZ_REPORT";
    public const string SeedVariable = "CsCheck_Seed";

    /// <summary>The suite's fixed starting point (any CsCheck seed will do).</summary>
    private const string SuiteSeed = "7UPG8-6ytQC3";

    private static readonly Lock ReportLock = new();

    public static void Check<T>(Gen<T> gen, Action<T> assert, long iterations, Func<T, string>? print = null, [CallerMemberName] string name = "")
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : -1;
        long tried = 0;
        var started = Stopwatch.GetTimestamp();
        try
        {
            gen.Sample(
                input =>
                {
                    Interlocked.Increment(ref tried);
                    assert(input);
                },
                // The suite replays the same inputs on every run, so CI never fails by the luck of a
                // seed; the long run (and CsCheck_Seed to replay a failure) explores.
                seed: seconds > 0 ? null : Environment.GetEnvironmentVariable(SeedVariable) ?? SuiteSeed,
                iter: seconds > 0 ? -1 : iterations,
                time: seconds,
                print: print);
        }
        catch
        {
            Report(name, Interlocked.Read(ref tried), Stopwatch.GetElapsedTime(started), failed: true);
            throw;
        }

        Report(name, Interlocked.Read(ref tried), Stopwatch.GetElapsedTime(started), failed: false);
    }

    public static void Check<T1, T2>(Gen<(T1, T2)> gen, Action<T1, T2> assert, long iterations, Func<(T1, T2), string>? print = null, [CallerMemberName] string name = "") =>
        Check(gen, input => assert(input.Item1, input.Item2), iterations, print, name);

    public static void Check<T1, T2, T3>(Gen<(T1, T2, T3)> gen, Action<T1, T2, T3> assert, long iterations, Func<(T1, T2, T3), string>? print = null, [CallerMemberName] string name = "") =>
        Check(gen, input => assert(input.Item1, input.Item2, input.Item3), iterations, print, name);

    public static void Check<T1, T2, T3, T4>(Gen<(T1, T2, T3, T4)> gen, Action<T1, T2, T3, T4> assert, long iterations, Func<(T1, T2, T3, T4), string>? print = null, [CallerMemberName] string name = "") =>
        Check(gen, input => assert(input.Item1, input.Item2, input.Item3, input.Item4), iterations, print, name);

    public static void Check<T1, T2, T3, T4, T5>(Gen<(T1, T2, T3, T4, T5)> gen, Action<T1, T2, T3, T4, T5> assert, long iterations, Func<(T1, T2, T3, T4, T5), string>? print = null, [CallerMemberName] string name = "") =>
        Check(gen, input => assert(input.Item1, input.Item2, input.Item3, input.Item4, input.Item5), iterations, print, name);

    private static void Report(string name, long tried, TimeSpan elapsed, bool failed)
    {
        var path = Environment.GetEnvironmentVariable(ReportVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{name}\t{tried}\t{elapsed.TotalSeconds:F1}\t{(failed ? "FAILED" : "ok")}\n");
        lock (ReportLock)
        {
            File.AppendAllText(path, line);
        }
    }
}
