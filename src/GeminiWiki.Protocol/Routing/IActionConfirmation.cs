using GeminiWiki.Protocol.Responses;

namespace GeminiWiki.Protocol.Routing;

/// <summary>
/// Guards state-changing routes against links someone else planted: Gemini has only links, so a
/// change must not happen just because a visitor followed one. A request to such a route acts only
/// when it carries a one-time token made for this visitor; otherwise it is sent to a token URL
/// where the visitor confirms (or answers the route's own prompt).
/// </summary>
public interface IActionConfirmation<TVisitor>
{
    /// <param name="call">The request, with its route values bound.</param>
    /// <param name="actionPath">The request's path without the token segment: what the token is for.</param>
    /// <param name="token">The token segment the path ended with, or null.</param>
    /// <param name="describe">Words for the change an argument would make, e.g. "promote mallory".</param>
    ConfirmationOutcome<TVisitor> Check(GeminiCall<TVisitor> call, string actionPath, string? token, Func<string, string> describe);
}

/// <summary>
/// Either the call to run (its query is the confirmed argument) or the answer to send instead. After
/// the call has run, <see cref="Ran"/> sees its response (a token is used up once it acted).
/// </summary>
public readonly record struct ConfirmationOutcome<TVisitor>(GeminiCall<TVisitor>? Proceed, GeminiResponse? Answer, Action<GeminiResponse>? Ran)
{
    public static ConfirmationOutcome<TVisitor> Act(GeminiCall<TVisitor> call, Action<GeminiResponse>? ran = null) => new(call, null, ran);

    public static ConfirmationOutcome<TVisitor> Respond(GeminiResponse answer) => new(null, answer, null);
}
