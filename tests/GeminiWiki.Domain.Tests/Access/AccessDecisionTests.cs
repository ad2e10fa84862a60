using GeminiWiki.Domain.Access;

namespace GeminiWiki.Domain.Tests.Access;

public sealed class AccessDecisionTests
{
    private static readonly IdentityFacts Stranger = new(Denied: false, Banned: false, HasAccount: false, IsAdmin: false, AllowListed: false);

    [Theory]
    [InlineData(AccessRequirement.None, Refusal.None)]
    [InlineData(AccessRequirement.Certificate, Refusal.None)]
    [InlineData(AccessRequirement.Registered, Refusal.NotRegistered)]
    [InlineData(AccessRequirement.AllowListed, Refusal.NotAllowListed)]
    [InlineData(AccessRequirement.Admin, Refusal.NotAdmin)]
    public void A_stranger_with_a_certificate(AccessRequirement requirement, Refusal expected) =>
        Assert.Equal(expected, AccessDecision.Decide(requirement, Stranger));

    [Theory]
    [InlineData(AccessRequirement.Registered, Refusal.None)]
    [InlineData(AccessRequirement.AllowListed, Refusal.NotAllowListed)]
    [InlineData(AccessRequirement.Admin, Refusal.NotAdmin)]
    public void A_registered_user(AccessRequirement requirement, Refusal expected) =>
        Assert.Equal(expected, AccessDecision.Decide(requirement, Stranger with { HasAccount = true }));

    [Theory]
    [InlineData(AccessRequirement.Registered, Refusal.None)]
    [InlineData(AccessRequirement.AllowListed, Refusal.None)]
    [InlineData(AccessRequirement.Admin, Refusal.NotAdmin)]
    public void An_allow_listed_certificate_without_an_account(AccessRequirement requirement, Refusal expected) =>
        Assert.Equal(expected, AccessDecision.Decide(requirement, Stranger with { AllowListed = true }));

    [Theory]
    [InlineData(AccessRequirement.Registered)]
    [InlineData(AccessRequirement.AllowListed)]
    [InlineData(AccessRequirement.Admin)]
    public void An_admin_passes_everything(AccessRequirement requirement) =>
        Assert.Equal(Refusal.None, AccessDecision.Decide(requirement, Stranger with { IsAdmin = true }));

    [Theory]
    [InlineData(AccessRequirement.Certificate)]
    [InlineData(AccessRequirement.Registered)]
    [InlineData(AccessRequirement.AllowListed)]
    [InlineData(AccessRequirement.Admin)]
    public void The_deny_list_beats_admin_allow_list_and_account(AccessRequirement requirement) =>
        Assert.Equal(Refusal.Denied, AccessDecision.Decide(requirement,
            new IdentityFacts(Denied: true, Banned: true, HasAccount: true, IsAdmin: true, AllowListed: true)));

    [Theory]
    [InlineData(AccessRequirement.Certificate)]
    [InlineData(AccessRequirement.Registered)]
    [InlineData(AccessRequirement.Admin)]
    public void A_banned_account_is_refused_even_if_admin(AccessRequirement requirement) =>
        Assert.Equal(Refusal.Banned, AccessDecision.Decide(requirement,
            new IdentityFacts(Denied: false, Banned: true, HasAccount: true, IsAdmin: true, AllowListed: true)));

    [Fact]
    public void Public_resources_never_refuse_anyone() =>
        Assert.Equal(Refusal.None, AccessDecision.Decide(AccessRequirement.None, Stranger with { Denied = true, Banned = true }));
}
