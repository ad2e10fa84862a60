using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Domain.Access;

/// <summary>
/// The one place that decides, from the request's client certificate and the configured policy,
/// whether a request may read or edit. A refusal carries the 60/61/62 response to send.
/// </summary>
public interface IAccessGate
{
    AccessResult CheckRead(GeminiRequest request);

    AccessResult CheckEdit(GeminiRequest request);

    /// <summary>Identifies the visitor without applying any policy (for pages that adapt to who is asking).</summary>
    Visitor Identify(GeminiRequest request);
}

public readonly record struct AccessResult(Visitor Visitor, GeminiResponse? Refusal)
{
    public bool IsAllowed => Refusal is null;

    public static AccessResult Allow(Visitor visitor) => new(visitor, null);

    public static AccessResult Refuse(Visitor visitor, GeminiResponse refusal) => new(visitor, refusal);
}
