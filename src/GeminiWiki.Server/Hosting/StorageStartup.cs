using GeminiWiki.Domain.Storage;
using Microsoft.Extensions.Hosting;

namespace GeminiWiki.Server.Hosting;

/// <summary>
/// Opens the database and runs every <see cref="IStoreInitializer"/> in start-up order, before the
/// listener starts. <see cref="ServerHost"/> runs it before the host starts, so a locked or damaged
/// database ends start-up with one clear line; as a hosted service it only runs if that did not.
/// </summary>
public sealed class StorageStartup(WikiDatabase database, IEnumerable<IStoreInitializer> initializers) : IHostedService
{
    private bool _done;

    public void Run()
    {
        if (_done)
        {
            return;
        }

        try
        {
            foreach (var initializer in initializers)
            {
                initializer.Initialize();
            }
        }
        catch (Exception ex) when (ex is not (DatabaseDamagedException or IOException or UnauthorizedAccessException or OutOfMemoryException))
        {
            // Indexes and current pages are read here: damage found now must stop start-up, named.
            throw new DatabaseDamagedException(database.FilePath ?? "(in memory)", ex.Message, ex);
        }

        _done = true;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Run();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
