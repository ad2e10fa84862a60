using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Protocol.Requests;

/// <summary>Every reason a request line can be refused before it reaches a handler.</summary>
public enum RequestRejectionReason
{
    EmptyRequest,
    RequestTooLong,
    ByteOrderMark,
    InvalidUtf8,
    ControlCharacter,
    NotAbsoluteUri,
    InvalidScheme,
    MissingAuthority,
    UserInfo,
    Fragment,
    EmptyHost,
    InvalidHost,
    InvalidPort,
    InvalidCharacter,
    InvalidPercentEncoding,
    UnsupportedScheme,
    HostNotServed,
    PortNotServed,
    PathAboveRoot,
    TitanMissingSize,
    TitanInvalidSize,
    TitanInvalidParameter,
}

/// <summary>The one place where a rejection becomes a status code and a message.</summary>
public static class RequestRejection
{
    public static GeminiResponse ToResponse(RequestRejectionReason reason) => reason switch
    {
        RequestRejectionReason.EmptyRequest => GeminiResponse.BadRequest("Empty request: send an absolute URI such as gemini://host/ followed by CRLF"),
        RequestRejectionReason.RequestTooLong => GeminiResponse.BadRequest("Request too long: the URI may be at most 1024 bytes"),
        RequestRejectionReason.ByteOrderMark => GeminiResponse.BadRequest("Request must not start with a byte order mark"),
        RequestRejectionReason.InvalidUtf8 => GeminiResponse.BadRequest("Request is not valid UTF-8"),
        RequestRejectionReason.ControlCharacter => GeminiResponse.BadRequest("Request contains a control character"),
        RequestRejectionReason.NotAbsoluteUri => GeminiResponse.BadRequest("Request must be an absolute URI such as gemini://host/path"),
        RequestRejectionReason.InvalidScheme => GeminiResponse.BadRequest("Request URI has a malformed scheme"),
        RequestRejectionReason.MissingAuthority => GeminiResponse.BadRequest("Request URI must name a host: gemini://host/path"),
        RequestRejectionReason.UserInfo => GeminiResponse.BadRequest("Request URI must not contain user information (user@host)"),
        RequestRejectionReason.Fragment => GeminiResponse.BadRequest("Request URI must not contain a fragment (#...)"),
        RequestRejectionReason.EmptyHost => GeminiResponse.BadRequest("Request URI has an empty host"),
        RequestRejectionReason.InvalidHost => GeminiResponse.BadRequest("Request URI has a malformed host"),
        RequestRejectionReason.InvalidPort => GeminiResponse.BadRequest("Request URI has a malformed port"),
        RequestRejectionReason.InvalidCharacter => GeminiResponse.BadRequest("Request URI contains a character that must be percent-encoded"),
        RequestRejectionReason.InvalidPercentEncoding => GeminiResponse.BadRequest("Request URI has a malformed percent-encoding"),
        RequestRejectionReason.UnsupportedScheme => GeminiResponse.ProxyRequestRefused("This server only serves gemini:// (and titan:// uploads)"),
        RequestRejectionReason.HostNotServed => GeminiResponse.ProxyRequestRefused("This server does not serve that host"),
        RequestRejectionReason.PortNotServed => GeminiResponse.ProxyRequestRefused("This server does not serve that port"),
        RequestRejectionReason.PathAboveRoot => GeminiResponse.BadRequest("Request path climbs above the root"),
        RequestRejectionReason.TitanMissingSize => GeminiResponse.BadRequest("Titan upload needs a size parameter: ;size=<bytes>"),
        RequestRejectionReason.TitanInvalidSize => GeminiResponse.BadRequest("Titan size must be a whole number of bytes"),
        RequestRejectionReason.TitanInvalidParameter => GeminiResponse.BadRequest("Titan parameters must be ;name=value pairs (size, mime, token)"),
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
