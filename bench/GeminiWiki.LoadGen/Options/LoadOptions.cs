using System.Globalization;
using System.Security.Authentication;

namespace GeminiWiki.LoadGen.Options;

/// <summary>The command line of one load run. Every run is bounded: by duration always, by request count when given.</summary>
public sealed class LoadOptions
{
    public const double MaxDurationSeconds = 3600;

    /// <summary>The URL as typed; may contain <c>{n}</c>, replaced by the request's sequence number.</summary>
    public string Url { get; set; } = string.Empty;

    public int Concurrency { get; set; } = 1;

    public double DurationSeconds { get; set; } = 10;

    public long MaxRequests { get; set; } = long.MaxValue;

    /// <summary>Load that runs before measuring starts (JIT, caches, connection pools warm up).</summary>
    public double WarmupSeconds { get; set; }

    public double TimeoutSeconds { get; set; } = 10;

    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    /// <summary>A file to upload, or a size ("10240", "10k") of generated gemtext.</summary>
    public string? TitanBody { get; set; }

    public string TitanMime { get; set; } = "text/gemini";

    public SslProtocols Tls { get; set; } = SslProtocols.None;

    public bool Resume { get; set; } = true;

    public bool Json { get; set; }

    public string? JsonOut { get; set; }

    public string? Label { get; set; }

    /// <summary>Connections that complete the handshake and then never send a request.</summary>
    public int IdleConnections { get; set; }

    public double IdleHoldSeconds { get; set; } = 15;

    /// <summary>
    /// Plain TCP connections that never start TLS nor send a byte (they cost an attacker nothing),
    /// held for the whole run and reopened as soon as the server closes one.
    /// </summary>
    public int IdleTcpConnections { get; set; }

    /// <summary>How many source addresses (127.0.0.2 onwards) the plain TCP connections are spread over.</summary>
    public int IdleSources { get; set; } = 1;

    /// <summary>Probe mode: retry one request until the server answers, for start-up timing.</summary>
    public double WaitUpSeconds { get; set; }

    public static string Usage => """
        GeminiWiki.LoadGen — a fresh TCP+TLS connection per request, like real Gemini clients.

          --url URL              gemini:// or titan:// URL on a loopback address; {n} becomes the request number
          --concurrency N        parallel clients (default 1)
          --duration S           stop after S seconds (default 10, at most 3600)
          --requests N           stop after N requests (whichever comes first)
          --warmup S             run S seconds of unmeasured load first (default 0)
          --timeout S            per-request limit for connect+handshake+response (default 10)
          --cert FILE --key FILE PEM client certificate (identity) to present
          --titan-body FILE|SIZE upload this file, or SIZE bytes of gemtext (10240, 10k); needs a titan:// URL
          --titan-mime TYPE      mime parameter of the upload (default text/gemini)
          --tls 1.2|1.3          only this TLS version (default: both)
          --resume on|off        TLS session resumption (default on)
          --idle N               also hold N connections that handshake and never send a request
          --idle-hold S          how long idle connections wait for the server to cut them (default 15)
          --idle-tcp N           also hold N plain TCP connections (no TLS, no bytes) for the whole run,
                                 reopened at once whenever the server closes one
          --idle-sources K       spread them over K source addresses 127.0.0.2 … 127.0.0.(K+1) (default 1, at most 253)
          --wait-up S            probe until the first answered request (start-up timing), at most S seconds
          --label TEXT           a name for this run in the output
          --json                 print JSON instead of the table
          --json-out FILE        also write the JSON to FILE
        Only loopback targets are accepted (127.0.0.0/8, ::1, or a name resolving only to those).
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new UsageException($"{name} needs a value.");
                }

                return args[++i];
            }

            switch (name)
            {
                case "--url": options.Url = Value(); break;
                case "--concurrency": options.Concurrency = ParseInt(name, Value(), 1, 100_000); break;
                case "--duration": options.DurationSeconds = ParseDouble(name, Value(), 0.1, MaxDurationSeconds); break;
                case "--requests": options.MaxRequests = ParseLong(name, Value(), 1, long.MaxValue); break;
                case "--warmup": options.WarmupSeconds = ParseDouble(name, Value(), 0, 600); break;
                case "--timeout": options.TimeoutSeconds = ParseDouble(name, Value(), 0.1, 600); break;
                case "--cert": options.CertificatePath = Value(); break;
                case "--key": options.KeyPath = Value(); break;
                case "--titan-body": options.TitanBody = Value(); break;
                case "--titan-mime": options.TitanMime = Value(); break;
                case "--tls":
                    options.Tls = Value() switch
                    {
                        "1.2" => SslProtocols.Tls12,
                        "1.3" => SslProtocols.Tls13,
                        var other => throw new UsageException($"--tls takes 1.2 or 1.3, not '{other}'."),
                    };
                    break;
                case "--resume":
                    options.Resume = Value() switch
                    {
                        "on" => true,
                        "off" => false,
                        var other => throw new UsageException($"--resume takes on or off, not '{other}'."),
                    };
                    break;
                case "--idle": options.IdleConnections = ParseInt(name, Value(), 0, 60_000); break;
                case "--idle-hold": options.IdleHoldSeconds = ParseDouble(name, Value(), 0.1, 3600); break;
                case "--idle-tcp": options.IdleTcpConnections = ParseInt(name, Value(), 0, 60_000); break;
                case "--idle-sources": options.IdleSources = ParseInt(name, Value(), 1, SourceAddresses.Max); break;
                case "--wait-up": options.WaitUpSeconds = ParseDouble(name, Value(), 0.1, 600); break;
                case "--label": options.Label = Value(); break;
                case "--json": options.Json = true; break;
                case "--json-out": options.JsonOut = Value(); break;
                default: throw new UsageException($"Unknown option '{name}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Url))
        {
            throw new UsageException("--url is required.");
        }

        if ((options.CertificatePath is null) != (options.KeyPath is null))
        {
            throw new UsageException("--cert and --key go together.");
        }

        if (options.IdleSources > 1 && options.IdleTcpConnections == 0)
        {
            throw new UsageException("--idle-sources spreads --idle-tcp connections; give --idle-tcp N too.");
        }

        return options;
    }

    /// <summary>"10240", "10k", "10KB", "1m" → bytes.</summary>
    public static bool TryParseSize(string text, out int bytes)
    {
        bytes = 0;
        var span = text.Trim().ToLowerInvariant().AsSpan();
        var multiplier = 1;
        if (span.EndsWith("b"))
        {
            span = span[..^1];
        }

        if (span.EndsWith("k"))
        {
            multiplier = 1024;
            span = span[..^1];
        }
        else if (span.EndsWith("m"))
        {
            multiplier = 1024 * 1024;
            span = span[..^1];
        }

        if (!int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || (long)number * multiplier > 256L * 1024 * 1024)
        {
            return false;
        }

        bytes = number * multiplier;
        return true;
    }

    private static int ParseInt(string name, string value, int min, int max) => (int)ParseLong(name, value, min, max);

    private static long ParseLong(string name, string value, long min, long max) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new UsageException($"{name} takes a whole number from {min} to {max}, not '{value}'.");

    private static double ParseDouble(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new UsageException($"{name} takes a number from {min} to {max}, not '{value}'.");
}

public sealed class UsageException(string message) : Exception(message);
