using System.Security.Cryptography;

namespace GeminiWiki.Server.Hosting;

/// <summary>
/// The server's secret for confirmation tokens: 32 random bytes in the data folder, readable by
/// the owner only, made once and kept across restarts (so a token survives one). Never committed:
/// the data folder is not part of the repository.
/// </summary>
public static class ServerSecret
{
    public const string FileName = "confirmation.key";
    private const int Length = 32;

    public static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length == Length)
            {
                return existing;
            }

            throw new StartupException($"The confirmation secret {path} is damaged ({existing.Length} bytes, not {Length}). Delete it: a new one is made, and links to confirm pending actions expire.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = RandomNumberGenerator.GetBytes(Length);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(secret);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        return secret;
    }
}
