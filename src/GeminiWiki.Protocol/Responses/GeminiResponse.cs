using System.Text;

namespace GeminiWiki.Protocol.Responses;

/// <summary>
/// One complete Gemini response: a status, its meta line and, for 2x only, a body.
/// Handlers return values of this type and never write to the connection themselves,
/// so no request can ever get two headers.
/// </summary>
public sealed record GeminiResponse
{
    /// <summary>The longest meta the specification allows, in UTF-8 bytes.</summary>
    public const int MaxMetaBytes = 1024;

    private GeminiResponse(GeminiStatus status, string meta, ReadOnlyMemory<byte> body, string? bodyFile)
    {
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Only the status codes the specification defines may be sent.");
        }

        Status = status;
        Meta = SanitizeMeta(meta);
        // Checked after sanitising: a meta of control characters would otherwise become an empty
        // MIME type, prompt or redirect target.
        if (Meta.Length == 0 && RequiresMeta(status))
        {
            throw new ArgumentException($"A {(int)status} response needs a meta value.", nameof(meta));
        }

        Body = body;
        BodyFile = bodyFile;
    }

    public GeminiStatus Status { get; }

    public string Meta { get; }

    /// <summary>The body of a 2x response held in memory (empty otherwise).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>A file streamed as the body of a 2x response, for static files of any size.</summary>
    public string? BodyFile { get; }

    public int Code => (int)Status;

    public bool IsSuccess => Status == GeminiStatus.Success;

    public static GeminiResponse Create(GeminiStatus status, string meta) =>
        status == GeminiStatus.Success
            ? throw new ArgumentException("Use a Success factory for 20 responses.", nameof(status))
            : new GeminiResponse(status, meta, ReadOnlyMemory<byte>.Empty, null);

    public static GeminiResponse Success(string mimeType, ReadOnlyMemory<byte> body) =>
        new(GeminiStatus.Success, RequireText(mimeType, nameof(mimeType)), body, null);

    public static GeminiResponse Success(string mimeType, string text) =>
        Success(mimeType, Encoding.UTF8.GetBytes(text));

    public static GeminiResponse File(string mimeType, string path) =>
        new(GeminiStatus.Success, RequireText(mimeType, nameof(mimeType)), ReadOnlyMemory<byte>.Empty, path);

    /// <summary>A gemtext document; <paramref name="language"/> becomes the lang parameter when given.</summary>
    public static GeminiResponse Gemtext(string text, string? language = null) =>
        Success(string.IsNullOrEmpty(language) ? "text/gemini; charset=utf-8" : $"text/gemini; charset=utf-8; lang={language}", text);

    public static GeminiResponse Input(string prompt) => Create(GeminiStatus.Input, RequireText(prompt, nameof(prompt)));

    public static GeminiResponse SensitiveInput(string prompt) => Create(GeminiStatus.SensitiveInput, RequireText(prompt, nameof(prompt)));

    public static GeminiResponse Redirect(string target) => Create(GeminiStatus.TemporaryRedirect, RequireText(target, nameof(target)));

    public static GeminiResponse PermanentRedirect(string target) => Create(GeminiStatus.PermanentRedirect, RequireText(target, nameof(target)));

    public static GeminiResponse TemporaryFailure(string message) => Create(GeminiStatus.TemporaryFailure, message);

    public static GeminiResponse ServerUnavailable(string message) => Create(GeminiStatus.ServerUnavailable, message);

    public static GeminiResponse SlowDown(int seconds) => Create(GeminiStatus.SlowDown, Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static GeminiResponse PermanentFailure(string message) => Create(GeminiStatus.PermanentFailure, message);

    public static GeminiResponse NotFound(string message = "Not found") => Create(GeminiStatus.NotFound, message);

    public static GeminiResponse Gone(string message) => Create(GeminiStatus.Gone, message);

    public static GeminiResponse ProxyRequestRefused(string message) => Create(GeminiStatus.ProxyRequestRefused, message);

    public static GeminiResponse BadRequest(string message) => Create(GeminiStatus.BadRequest, message);

    public static GeminiResponse CertificateRequired(string message) => Create(GeminiStatus.ClientCertificateRequired, message);

    public static GeminiResponse CertificateNotAuthorised(string message) => Create(GeminiStatus.CertificateNotAuthorised, message);

    public static GeminiResponse CertificateNotValid(string message) => Create(GeminiStatus.CertificateNotValid, message);

    /// <summary>The header line, <c>"NN meta\r\n"</c>, as UTF-8 bytes.</summary>
    public byte[] FormatHeader()
    {
        // Exactly one space separates the code from the meta, even when the meta is empty.
        return Encoding.UTF8.GetBytes($"{Code} {Meta}\r\n");
    }

    // 10/11 need a prompt, 20 a MIME type, 30/31 a target; for the rest the meta is optional text.
    private static bool RequiresMeta(GeminiStatus status) =>
        status is GeminiStatus.Input or GeminiStatus.SensitiveInput or GeminiStatus.Success
            or GeminiStatus.TemporaryRedirect or GeminiStatus.PermanentRedirect;

    private static string RequireText(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A meta value is required.", name) : value;

    /// <summary>
    /// Meta is one line of at most 1024 UTF-8 bytes: control characters become spaces and a long
    /// meta is cut on a character boundary, so no message can break the header.
    /// </summary>
    internal static string SanitizeMeta(string meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        var builder = new StringBuilder(meta.Length);
        foreach (var rune in meta.EnumerateRunes())
        {
            if (rune.Value == 0xFEFF)
            {
                continue;
            }

            builder.Append(Rune.IsControl(rune) ? " " : rune.ToString());
        }

        var text = builder.ToString().Trim();
        if (Encoding.UTF8.GetByteCount(text) <= MaxMetaBytes)
        {
            return text;
        }

        var bytes = 0;
        var cut = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxMetaBytes)
            {
                break;
            }

            cut.Append(rune.ToString());
        }

        return cut.ToString();
    }
}
