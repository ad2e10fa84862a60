using GeminiWiki.Domain.Storage;
using Microsoft.Extensions.Hosting;

namespace GeminiWiki.Server.Hosting;

/// <summary>Runs every <see cref="IStoreInitializer"/> in start-up order, before the listener starts.</summary>
public sealed class StorageStartup(IEnumerable<IStoreInitializer> initializers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in initializers)
        {
            initializer.Initialize();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
