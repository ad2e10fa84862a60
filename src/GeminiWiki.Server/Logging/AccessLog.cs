using System.Net;
using System.Text;
using GeminiWiki.Protocol.Text;
using Microsoft.Extensions.Logging;

namespace GeminiWiki.Server.Logging;

/// <summary>The one access line per request, written by the one place that writes responses.</summary>
public static partial class AccessLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Remote} \"{Url}\" {Status} \"{Meta}\" {Bytes}B {DurationMs:0.0}ms cert={Certificate}")]
    public static partial void Request(ILogger logger, string remote, string url, int status, string meta, long bytes, double durationMs, string certificate);

    /// <summary>
    /// Escapes control characters and invisible ones that change how text is shown, and cuts the
    /// text, so a hostile URL cannot forge or disguise log lines.
    /// </summary>
    public static string Escape(string text, int maxLength = 1100)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
            {
                builder.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (InvisibleCharacters.Is(c))
            {
                // A bidi override or line separator would make the line read differently from what it holds.
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (c == '"' || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The remote address, optionally with its host part hidden (last octet, or last 80 bits of IPv6).</summary>
    public static string FormatRemote(IPAddress? address, bool mask)
    {
        if (address is null)
        {
            return "-";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (!mask)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        var keep = bytes.Length == 4 ? 3 : 6;
        for (var i = keep; i < bytes.Length; i++)
        {
            bytes[i] = 0;
        }

        return new IPAddress(bytes).ToString();
    }
}
