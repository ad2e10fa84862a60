using System.Security.Cryptography;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Server.Tests.Support;

/// <summary>Test endpoints: echo the client certificate, fail on purpose, wait for a signal.</summary>
public sealed class EchoRoutes : IRouteModule
{
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void MapRoutes(RouteTable routes)
    {
        routes.Map("/test/cert", (request, _) => ValueTask.FromResult(GeminiResponse.Gemtext(
            request.ClientCertificate is { } certificate
                ? Convert.ToHexStringLower(SHA256.HashData(certificate.RawData))
                : "none")));
        routes.Map("/test/fail", (_, _) => throw new InvalidOperationException("boom"));
        routes.Map("/test/wait", async (_, cancellationToken) =>
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return GeminiResponse.Gemtext("released\n");
        });
    }
}
