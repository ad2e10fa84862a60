namespace GeminiWiki.Domain.Storage;

/// <summary>
/// Keeps the database from ever running the disk dry. LiteDB 5 does not recover from "No space
/// left on device" inside a commit (its writer stops and waits for good), so every durable write
/// first checks that the data folder's file system still has <see cref="ReserveBytes"/> free and
/// refuses with <see cref="StorageFullException"/> before it changes anything. Nothing is held
/// broken: once space is free again the next write goes through, and reads never check.
/// </summary>
public sealed class DiskSpace(Func<long> availableBytes, long reserveBytes)
{
    public long ReserveBytes { get; } = reserveBytes;

    /// <summary>The free space of the file system that holds <paramref name="directory"/>.</summary>
    public static DiskSpace For(string directory, long reserveBytes) =>
        new(() => new DriveInfo(directory).AvailableFreeSpace, reserveBytes);

    /// <summary>No check at all (an in-memory database).</summary>
    public static DiskSpace Unlimited { get; } = new(() => long.MaxValue, 0);

    public void EnsureRoomToWrite()
    {
        long available;
        try
        {
            available = availableBytes();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Not knowing the free space is no reason to refuse a save.
            return;
        }

        if (available < ReserveBytes)
        {
            throw new StorageFullException(available, ReserveBytes);
        }
    }
}

/// <summary>A write was refused before it began because the disk is (nearly) full; nothing was changed.</summary>
public sealed class StorageFullException(long availableBytes, long reserveBytes)
    : IOException($"The server is out of disk space, so nothing was saved. Please try again later; the administrator has been told.")
{
    public long AvailableBytes { get; } = availableBytes;

    public long ReserveBytes { get; } = reserveBytes;
}
