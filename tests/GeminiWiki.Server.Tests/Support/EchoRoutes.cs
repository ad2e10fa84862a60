using System.Security.Cryptography;
using GeminiWiki.Domain.Access;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Server.Tests.Support;

/// <summary>Test endpoints: echo the client certificate, fail on purpose, wait for a signal, take an upload.</summary>
public sealed class EchoRoutes : IRouteModule<Visitor>
{
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void MapRoutes(RouteTable<Visitor> routes)
    {
        routes.Map("/test/cert", RouteAccess.Public, (call, _) => ValueTask.FromResult(GeminiResponse.Gemtext(
            call.Request.Client is { } client
                ? Convert.ToHexStringLower(SHA256.HashData(client.Certificate.RawData))
                : "none")));
        routes.Map("/test/fail", RouteAccess.Public, (_, _) => throw new InvalidOperationException("boom"));
        routes.Map("/test/wait", RouteAccess.Public, async (_, cancellationToken) =>
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return GeminiResponse.Gemtext("released\n");
        });
        routes.MapTitan(RouteTemplate.Parse("/test/upload"), RouteAccess.Public, async (call, cancellationToken) =>
        {
            var body = await call.Request.Body!.ReadExactlyAsync((int)call.Request.Titan!.Size, cancellationToken);
            return GeminiResponse.Gemtext($"received {body.Length} bytes\n");
        });
    }
}
