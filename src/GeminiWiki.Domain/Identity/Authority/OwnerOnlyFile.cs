namespace GeminiWiki.Domain.Identity.Authority;

/// <summary>Writes key material and certificates: complete or not at all, never over an existing file.</summary>
public static class OwnerOnlyFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/> through a temporary file, readable
    /// by the owner only when <paramref name="ownerOnly"/> (mode 0600 from creation, never wider).
    /// Throws <see cref="IOException"/> when <paramref name="path"/> exists.
    /// </summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> bytes, bool ownerOnly)
    {
        var temporary = path + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static void WriteNew(string path, string text, bool ownerOnly) =>
        WriteNew(path, System.Text.Encoding.UTF8.GetBytes(text), ownerOnly);
}
