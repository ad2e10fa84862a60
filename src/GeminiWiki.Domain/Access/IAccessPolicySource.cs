namespace GeminiWiki.Domain.Access;

/// <summary>The policy in force right now; the host rebuilds it when gemini.json changes.</summary>
public interface IAccessPolicySource
{
    AccessPolicy Current { get; }
}
