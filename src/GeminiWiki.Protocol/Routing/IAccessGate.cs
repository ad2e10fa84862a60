using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Protocol.Routing;

/// <summary>
/// Who is asking and whether they may. The dispatcher identifies the visitor once per request
/// (a Gemini connection carries one request) and asks the gate for the route's access level.
/// </summary>
public interface IAccessGate<TVisitor>
{
    TVisitor Identify(GeminiRequest request);

    /// <summary>Null when <paramref name="visitor"/> may use a route of <paramref name="access"/>; otherwise the 6x to send.</summary>
    GeminiResponse? Refuse(TVisitor visitor, RouteAccess access);

    /// <summary>As <see cref="Refuse(TVisitor, RouteAccess)"/> for a route of <paramref name="realm"/> (see <see cref="Route{TVisitor}.Realm"/>), whose policy may differ.</summary>
    GeminiResponse? Refuse(TVisitor visitor, RouteAccess access, string? realm) => Refuse(visitor, access);
}
