using System.Text;

namespace GeminiWiki.Domain.Files;

/// <summary>
/// Whether a file's bytes are what its declared type says, judged from the bytes alone: the
/// signatures the image and PDF formats start with, and strict UTF-8 without NUL for plain text.
/// A client's word for the type is never enough, or a page could smuggle HTML in as an image.
/// </summary>
public static class FileTypes
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string WebP = "image/webp";
    public const string Pdf = "application/pdf";
    public const string PlainText = "text/plain";

    /// <summary>The types whose content can be checked: only these can ever be allowed.</summary>
    public static IReadOnlyList<string> Checkable { get; } = [Png, Jpeg, Gif, WebP, Pdf, PlainText];

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Null when <paramref name="content"/> is a <paramref name="mediaType"/> file; otherwise why not, in words for the uploader (without a full stop).</summary>
    public static string? Mismatch(string mediaType, ReadOnlySpan<byte> content) => mediaType switch
    {
        Png => content.StartsWith(PngSignature) ? null : NotA("PNG image", "\\x89PNG"),
        // SOI then the first marker's 0xFF; every JPEG variant (JFIF, Exif, raw) starts so.
        Jpeg => content.StartsWith(JpegSignature) ? null : NotA("JPEG image", "FF D8 FF"),
        Gif => content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8) ? null : NotA("GIF image", "GIF87a or GIF89a"),
        WebP => content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8) ? null : NotA("WebP image", "RIFF….WEBP"),
        Pdf => content.StartsWith("%PDF-"u8) ? null : NotA("PDF document", "%PDF-"),
        PlainText => TextProblem(content),
        _ => $"Files of type {mediaType} are not accepted",
    };

    /// <summary>The checkable type <paramref name="content"/> has by its signature (text is never guessed); null when none matches.</summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        foreach (var type in Checkable)
        {
            if (type != PlainText && Mismatch(type, content) is null)
            {
                return type;
            }
        }

        return null;
    }

    private static string NotA(string what, string signature) =>
        $"The content is not a {what} (it must start with {signature})";

    private static string? TextProblem(ReadOnlySpan<byte> content)
    {
        if (content.IndexOf((byte)0) >= 0)
        {
            return "Plain text cannot contain NUL bytes (is this a binary file?)";
        }

        try
        {
            StrictUtf8.GetCharCount(content);
            return null;
        }
        catch (DecoderFallbackException)
        {
            return "Plain text must be valid UTF-8";
        }
    }
}
