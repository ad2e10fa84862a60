namespace GeminiWiki.Protocol.Routing;

/// <summary>Who may use a route, declared where the route is mapped and enforced by the dispatcher.</summary>
public enum RouteAccess
{
    /// <summary>Anyone, with or without a certificate.</summary>
    Public,

    /// <summary>Any valid certificate that is not refused (registration, linking).</summary>
    Certificate,

    /// <summary>A certificate linked to an account.</summary>
    Account,

    /// <summary>Whoever the read policy lets read.</summary>
    Read,

    /// <summary>Whoever the edit policy lets edit.</summary>
    Edit,

    Admin,
}
