using GeminiWiki.LoadGen.Options;
using GeminiWiki.LoadGen.Reporting;
using GeminiWiki.LoadGen.Running;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(LoadOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

try
{
    var options = LoadOptions.Parse(args);
    var target = await LoopbackTarget.ResolveAsync(options.Url, interrupted.Token);
    var template = RequestTemplate.Create(options, target);
    using var clientCertificate = ClientTls.LoadClientCertificate(options);
    var tls = ClientTls.Create(options, target, clientCertificate);
    var runner = new LoadRunner(options, target, template, tls);

    if (options.WaitUpSeconds > 0)
    {
        var answered = await runner.WaitUpAsync(interrupted.Token);
        if (answered is null)
        {
            await Console.Error.WriteLineAsync($"loadgen: no answer from {target.EndPoint} within {options.WaitUpSeconds} s");
            return 1;
        }

        Console.WriteLine(answered.Value.ToUnixTimeMilliseconds());
        return 0;
    }

    IdleConnections? idle = null;
    if (options.IdleConnections > 0)
    {
        idle = new IdleConnections(target, tls, options.IdleConnections, TimeSpan.FromSeconds(options.IdleHoldSeconds));
        await idle.OpenAsync(interrupted.Token);
    }

    using var crowd = options.IdleTcpConnections > 0
        ? new IdleCrowd(target.EndPoint, options.IdleTcpConnections, options.IdleSources, interrupted.Token)
        : null;
    if (crowd is not null)
    {
        // Held through warm-up and the measured run; the bound is only a backstop for StopAsync.
        await crowd.StartAsync(TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds + options.TimeoutSeconds + 5));
    }

    var result = await runner.RunAsync(idle, crowd, interrupted.Token);
    var json = RunReport.Json(result);
    if (options.JsonOut is not null)
    {
        await File.WriteAllTextAsync(options.JsonOut, json + Environment.NewLine);
    }

    if (options.Json)
    {
        Console.WriteLine(json);
        await Console.Error.WriteAsync(RunReport.Table(result));
    }
    else
    {
        Console.Write(RunReport.Table(result));
    }

    return 0;
}
catch (NotLoopbackException ex)
{
    await Console.Error.WriteLineAsync("loadgen: " + ex.Message);
    return 3;
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync("loadgen: " + ex.Message);
    await Console.Error.WriteLineAsync("Run with --help for the options.");
    return 2;
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("loadgen: interrupted");
    return 130;
}
