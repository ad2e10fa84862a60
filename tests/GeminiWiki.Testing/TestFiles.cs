namespace GeminiWiki.Testing;

/// <summary>Small, real files of the types the wiki accepts, for upload and archive tests.</summary>
public static class TestFiles
{
    /// <summary>A complete 1×1 PNG that image viewers open.</summary>
    public static byte[] Png { get; } = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    /// <summary>The start of a JFIF JPEG: enough for the signature check.</summary>
    public static byte[] Jpeg { get; } = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];

    public static byte[] Gif { get; } = "GIF89a\x01\x00\x01\x00"u8.ToArray();

    public static byte[] WebP { get; } = [.. "RIFF"u8, 0x1A, 0, 0, 0, .. "WEBPVP8 "u8];

    public static byte[] Pdf { get; } = "%PDF-1.4\n%\u00e2\u00e3\n"u8.ToArray();

    public static byte[] Text { get; } = "Grüße aus dem Garten\n"u8.ToArray();

    /// <summary>What a page might try to pass off as an image.</summary>
    public static byte[] Html { get; } = "<html><script>alert(1)</script></html>"u8.ToArray();
}
