using System.Security.Cryptography;
using System.Text;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Titan;

namespace GeminiWiki.Domain.Wiki;

/// <summary>The verdict on a Titan upload's parameters: a refusal to send, or the format to store.</summary>
public readonly record struct TitanUploadDecision(GeminiResponse? Refusal, PageFormat Format)
{
    public bool IsAccepted => Refusal is null;
}

/// <summary>
/// Decides from the parameters alone — before a single body byte is read — whether an upload can
/// be taken: size within the limit, a text type the wiki stores, the token where one is configured.
/// Every refusal says why and what would be accepted.
/// </summary>
public static class TitanUploadRules
{
    public static readonly IReadOnlyList<string> AcceptedMediaTypes = ["text/gemini", "text/plain", "text/markdown"];

    public static TitanUploadDecision Check(TitanParameters parameters, int maxBytes, string? requiredToken)
    {
        if (parameters.Size < 0)
        {
            return Refuse($"Upload size must be a number of bytes from 0 to {maxBytes}");
        }

        if (parameters.Size > maxBytes)
        {
            return Refuse($"Upload of {parameters.Size} bytes is over this wiki's limit of {maxBytes} bytes per page");
        }

        var mediaType = parameters.MediaType;
        if (!AcceptedMediaTypes.Contains(mediaType))
        {
            return Refuse($"Pages can't be of type '{mediaType}'; upload as {string.Join(", ", AcceptedMediaTypes)}");
        }

        var charset = CharsetOf(parameters.Mime);
        if (charset is not null && charset is not ("utf-8" or "utf8" or "us-ascii"))
        {
            return Refuse($"Pages are stored as UTF-8; send the text as charset=utf-8, not {charset}");
        }

        if (TokenRefusal(parameters, requiredToken) is { } wrongToken)
        {
            return new TitanUploadDecision(wrongToken, PageFormat.Gemtext);
        }

        return new TitanUploadDecision(null, PageFormats.FromMediaType(mediaType));
    }

    /// <summary>The refusal when the wiki requires a token and the upload lacks it or has a wrong one; null otherwise.</summary>
    public static GeminiResponse? TokenRefusal(TitanParameters parameters, string? requiredToken)
    {
        if (string.IsNullOrEmpty(requiredToken))
        {
            return null;
        }

        if (string.IsNullOrEmpty(parameters.Token))
        {
            return GeminiResponse.BadRequest("This wiki needs a token with every upload: set your client's Titan token (;token=…)");
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(parameters.Token), Encoding.UTF8.GetBytes(requiredToken))
            ? null
            : GeminiResponse.BadRequest("Wrong Titan token: check the token set in your client");
    }

    private static TitanUploadDecision Refuse(string why) => new(GeminiResponse.BadRequest(why), PageFormat.Gemtext);

    internal static string? CharsetOf(string mime)
    {
        foreach (var part in mime.Split(';').Skip(1))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                return pair[1].Trim().Trim('"').ToLowerInvariant();
            }
        }

        return null;
    }
}
