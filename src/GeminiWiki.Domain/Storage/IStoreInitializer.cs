namespace GeminiWiki.Domain.Storage;

/// <summary>
/// A store that creates its collections and indexes. All of them run once at start-up, one after
/// another on one thread, before the first connection is accepted (LiteDB 5.0.20 has a race in
/// its first-use mapping when two threads touch a new collection at once).
/// </summary>
public interface IStoreInitializer
{
    void Initialize();
}
