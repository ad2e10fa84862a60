using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Domain.Tests.Access;

/// <summary>The confirmation step as a pure function of request, visitor, path and token.</summary>
public sealed class ActionTokensTests
{
    private static readonly Visitor Admin = new(Fingerprint.FromHash(Enumerable.Repeat((byte)1, 32).ToArray()), "root", true);
    private static readonly Visitor Mallory = new(Fingerprint.FromHash(Enumerable.Repeat((byte)2, 32).ToArray()), "mallory", false);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly ActionTokens _tokens;

    public ActionTokensTests() => _tokens = new ActionTokens(Enumerable.Repeat((byte)9, 32).ToArray(), _time);

    private static GeminiCall<Visitor> Call(Visitor visitor, string? query) => new(
        new GeminiRequest { Url = "gemini://localhost/admin/promote", Scheme = GeminiScheme.Gemini, Host = "localhost", Path = "/admin/promote", Query = query },
        visitor,
        RouteValues.Empty);

    private ConfirmationOutcome<Visitor> Check(Visitor visitor, string? token, string? query, string path = "/admin/promote") =>
        _tokens.Check(Call(visitor, query), path, token, argument => $"promote {argument}");

    private string TokenOf(ConfirmationOutcome<Visitor> outcome)
    {
        Assert.Equal(GeminiStatus.TemporaryRedirect, outcome.Answer!.Status);
        return outcome.Answer.Meta["/admin/promote/".Length..];
    }

    [Fact]
    public void A_link_that_names_a_change_only_leads_to_a_question()
    {
        var token = TokenOf(Check(Admin, null, "mallory"));

        var question = Check(Admin, token, null);
        Assert.Equal((GeminiStatus.Input, "Type yes to promote mallory"), (question.Answer!.Status, question.Answer.Meta));
        Assert.Equal(GeminiStatus.Input, Check(Admin, token, "no").Answer!.Status);

        var confirmed = Check(Admin, token, "YES");
        Assert.Null(confirmed.Answer);
        Assert.Equal("mallory", confirmed.Proceed!.Request.DecodedQuery);
    }

    [Fact]
    public void A_token_acts_once()
    {
        var token = TokenOf(Check(Admin, null, "mallory"));
        var first = Check(Admin, token, "yes");
        first.Ran!(GeminiResponse.Redirect("/admin"));

        var again = Check(Admin, token, "yes");

        Assert.Equal(GeminiStatus.BadRequest, again.Answer!.Status);
        Assert.Contains("start again at /admin/promote", again.Answer.Meta, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_is_useless_with_another_certificate_for_another_action_or_after_it_expired()
    {
        var token = TokenOf(Check(Admin, null, "mallory"));

        Assert.Equal(GeminiStatus.BadRequest, Check(Mallory, token, "yes").Answer!.Status);
        Assert.Equal(GeminiStatus.BadRequest, Check(Admin, token, "yes", path: "/admin/ban").Answer!.Status);
        _time.Advance(ActionTokens.Lifetime);
        Assert.Equal(GeminiStatus.BadRequest, Check(Admin, token, "yes").Answer!.Status);
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("AAAA")]
    [InlineData("")]
    public void A_made_up_or_altered_token_is_refused(string token)
    {
        Assert.Equal(GeminiStatus.BadRequest, Check(Admin, token, "yes").Answer!.Status);
    }

    [Fact]
    public void An_altered_argument_breaks_the_token()
    {
        var token = TokenOf(Check(Admin, null, "mallory"));
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(token);
        bytes[17] ^= 0x20; // 'm' → 'M': the argument is covered by the MAC.

        Assert.Equal(GeminiStatus.BadRequest, Check(Admin, System.Buffers.Text.Base64Url.EncodeToString(bytes), "yes").Answer!.Status);
    }

    [Fact]
    public void Without_an_argument_the_route_prompts_under_the_token_url_and_the_token_lasts_until_it_acted()
    {
        var token = TokenOf(Check(Admin, null, null));

        var prompt = Check(Admin, token, null);
        Assert.Null(prompt.Answer);
        Assert.Null(prompt.Proceed!.Request.Query);

        // The route asked again (a name that does not exist): the token still works.
        var wrong = Check(Admin, token, "nobody");
        wrong.Ran!(GeminiResponse.Input("There is no account named 'nobody'. Account name to make an admin:"));
        var right = Check(Admin, token, "mallory");
        Assert.Equal("mallory", right.Proceed!.Request.DecodedQuery);
        right.Ran!(GeminiResponse.Redirect("/admin"));

        Assert.Equal(GeminiStatus.BadRequest, Check(Admin, token, "eve").Answer!.Status);
    }
}
