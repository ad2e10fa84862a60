using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using GeminiWiki.LoadGen.Options;

namespace GeminiWiki.LoadGen.Running;

/// <summary>
/// The bytes of one request: the URL line (with <c>{n}</c> filled in) and, for Titan, the body.
/// Each worker formats into its own buffer, so a request costs no allocation here. A generated
/// Titan body carries the request number in its first line, so every save differs from the last
/// (a wiki may skip a save that changes nothing).
/// </summary>
public sealed class RequestTemplate
{
    private const int NumberWidth = 12;
    private static readonly byte[] StampPrefix = "# bench save "u8.ToArray();

    private readonly byte[] _prefix;
    private readonly byte[] _suffix;
    private readonly bool _hasNumber;
    private readonly byte[]? _body;
    private readonly bool _stampBody;

    private RequestTemplate(byte[] prefix, byte[] suffix, bool hasNumber, byte[]? body, bool stampBody)
    {
        _prefix = prefix;
        _suffix = suffix;
        _hasNumber = hasNumber;
        _body = body;
        _stampBody = stampBody;
    }

    public int BodyLength => _body?.Length ?? 0;

    public bool IsTitan => _body is not null;

    public int MaxLineLength => _prefix.Length + _suffix.Length + 20;

    public static RequestTemplate Create(LoadOptions options, LoopbackTarget target)
    {
        var url = options.Url;
        byte[]? body = null;
        var stamp = false;
        if (target.Scheme == "titan")
        {
            if (options.TitanBody is null)
            {
                throw new UsageException("A titan:// URL needs --titan-body FILE or SIZE.");
            }

            if (File.Exists(options.TitanBody))
            {
                body = File.ReadAllBytes(options.TitanBody);
            }
            else if (LoadOptions.TryParseSize(options.TitanBody, out var size))
            {
                body = GenerateGemtext(size);
                stamp = body.Length >= StampPrefix.Length + NumberWidth + 1;
            }
            else
            {
                throw new UsageException($"--titan-body '{options.TitanBody}' is neither a file nor a size.");
            }

            if (!url.Contains(";size=", StringComparison.OrdinalIgnoreCase))
            {
                url += string.Create(CultureInfo.InvariantCulture, $";size={body.Length};mime={options.TitanMime}");
            }
        }
        else if (options.TitanBody is not null)
        {
            throw new UsageException("--titan-body needs a titan:// URL.");
        }

        var at = url.IndexOf("{n}", StringComparison.Ordinal);
        var prefix = at < 0 ? url : url[..at];
        var suffix = (at < 0 ? string.Empty : url[(at + 3)..]) + "\r\n";
        return new RequestTemplate(Encoding.UTF8.GetBytes(prefix), Encoding.UTF8.GetBytes(suffix), at >= 0, body, stamp);
    }

    /// <summary>A per-worker copy of the body that <see cref="Format"/> stamps in place.</summary>
    public byte[]? NewBodyBuffer() => _body is null ? null : (byte[])_body.Clone();

    /// <summary>Writes the request line for request <paramref name="number"/> into <paramref name="line"/>; stamps <paramref name="body"/>.</summary>
    public int Format(long number, Span<byte> line, byte[]? body)
    {
        _prefix.CopyTo(line);
        var length = _prefix.Length;
        if (_hasNumber)
        {
            Utf8Formatter.TryFormat(number, line[length..], out var written);
            length += written;
        }

        _suffix.CopyTo(line[length..]);
        length += _suffix.Length;

        if (_stampBody && body is not null)
        {
            var digits = body.AsSpan(StampPrefix.Length, NumberWidth);
            Utf8Formatter.TryFormat(number, digits, out _, new StandardFormat('D', NumberWidth));
        }

        return length;
    }

    /// <summary>Gemtext of exactly <paramref name="size"/> bytes: a stamp line, then ordinary text lines.</summary>
    internal static byte[] GenerateGemtext(int size)
    {
        var body = new byte[size];
        var builder = new StringBuilder(size + 80);
        builder.Append("# bench save ").Append(new string('0', NumberWidth)).Append('\n');
        var line = 0;
        while (builder.Length < size)
        {
            builder.Append(CultureInfo.InvariantCulture, $"Line {line++} of a benchmark page: the quick brown fox jumps over the lazy dog.\n");
        }

        var bytes = Encoding.ASCII.GetBytes(builder.ToString());
        bytes.AsSpan(0, size).CopyTo(body);
        if (size > 0)
        {
            body[^1] = (byte)'\n';
        }

        return body;
    }
}
