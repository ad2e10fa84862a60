using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Protocol.Identity;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Tests.Identity;

/// <summary>The identity pages through the server's dispatcher and access gate, over a real LiteDB and a fake clock.</summary>
public sealed partial class LinkCodeGuessingTests : IDisposable
{
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.7");
    private readonly TempDatabase _db = new();
    private readonly GeminiDispatcher<Visitor> _dispatcher;
    private readonly X509Certificate2 _owner;
    private readonly X509Certificate2 _newDevice;

    public LinkCodeGuessingTests()
    {
        var now = _db.Time.GetUtcNow();
        _owner = TestCertificates.Create("alice", now.AddDays(-1), now.AddYears(1));
        _newDevice = TestCertificates.Create("alice-phone", now.AddDays(-1), now.AddYears(1));
        var policy = new DefaultPolicy();
        var gate = new IdentityAccessGate(_db.Accounts, _db.AllowList, _db.Refusals, policy, _db.Time);
        var routes = new IdentityRoutes(_db.Accounts, _db.LinkCodes, new RegistrationLimiter(_db.Time), new LinkCodeGuesses(_db.Time), policy, _db.Time, "en");
        _dispatcher = new GeminiDispatcher<Visitor>([routes], gate, new ActionTokens(Enumerable.Repeat((byte)5, 32).ToArray(), _db.Time));
    }

    public void Dispose()
    {
        _owner.Dispose();
        _newDevice.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task A_wrong_code_is_refused_at_once_and_one_address_gets_five_per_ten_minutes()
    {
        for (var i = 0; i < LinkCodeGuesses.WrongCodesPerAddress; i++)
        {
            var wrong = await GetAsync($"/account/link?WRONG{i:000}", _newDevice, Guesser);
            Assert.Equal(GeminiStatus.Input, wrong.Status);
            Assert.Contains("unknown or expired", wrong.Meta, StringComparison.Ordinal);
            _db.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var code = await IssueCodeAsync();

        // Beyond the limit even the right code waits, so the answer tells nothing about the code.
        var reply = await GetAsync($"/account/link?{code}", _newDevice, Guesser);
        Assert.Equal((GeminiStatus.SlowDown, "300"), (reply.Status, reply.Meta));
        Assert.Equal(GeminiStatus.SlowDown, (await GetAsync("/account/link?WRONG999", _newDevice, IPAddress.Parse("::ffff:192.0.2.7"))).Status);

        // Another address is not held back by this one.
        Assert.Equal(GeminiStatus.Input, (await GetAsync("/account/link?WRONG999", _newDevice, IPAddress.Parse("192.0.2.8"))).Status);

        // Once the oldest wrong code leaves the window, one more try is allowed.
        _db.Time.Advance(TimeSpan.FromMinutes(5));
        reply = await GetAsync($"/account/link?{code}", _newDevice, Guesser);
        Assert.Equal((GeminiStatus.TemporaryRedirect, "/account"), (reply.Status, reply.Meta));
    }

    [Fact]
    public async Task The_addresses_of_one_IPv6_network_share_their_allowance()
    {
        await IssueCodeAsync();
        for (var i = 0; i < LinkCodeGuesses.WrongCodesPerAddress; i++)
        {
            var address = IPAddress.Parse($"2001:db8:1:2::{i + 1:x}");
            Assert.Equal(GeminiStatus.Input, (await GetAsync("/account/link?WRONG", _newDevice, address)).Status);
        }

        Assert.Equal(GeminiStatus.SlowDown, (await GetAsync("/account/link?WRONG", _newDevice, IPAddress.Parse("2001:db8:1:2:ffff::1"))).Status);
        Assert.Equal(GeminiStatus.Input, (await GetAsync("/account/link?WRONG", _newDevice, IPAddress.Parse("2001:db8:1:3::1"))).Status);
    }

    [Fact]
    public async Task A_code_that_waits_through_too_many_wrong_guesses_is_withdrawn()
    {
        var code = await IssueCodeAsync();

        // Many addresses, each within its own allowance, guessing together.
        for (var i = 0; i < ILinkCodes.WrongGuessesTolerated; i++)
        {
            var address = IPAddress.Parse($"198.51.100.{i / LinkCodeGuesses.WrongCodesPerAddress + 1}");
            Assert.Equal(GeminiStatus.Input, (await GetAsync($"/account/link?WRONG{i:000}", _newDevice, address)).Status);
        }

        var reply = await GetAsync($"/account/link?{code}", _newDevice, Guesser);
        Assert.Equal(GeminiStatus.Input, reply.Status);
        Assert.Contains("withdrawn", reply.Meta, StringComparison.Ordinal);
        Assert.Equal(GeminiStatus.CertificateNotAuthorised, (await GetAsync("/account", _newDevice, Guesser)).Status);

        // It is used up; a code made afterwards starts with a clean slate.
        Assert.Contains("unknown or expired", (await GetAsync($"/account/link?{code}", _newDevice, Guesser)).Meta, StringComparison.Ordinal);
        var fresh = await IssueCodeAsync(register: false);
        Assert.Equal((GeminiStatus.TemporaryRedirect, "/account"), Summary(await GetAsync($"/account/link?{fresh}", _newDevice, Guesser)));
    }

    private async Task<string> IssueCodeAsync(bool register = true)
    {
        var home = IPAddress.Parse("203.0.113.1");
        if (register)
        {
            Assert.Equal(GeminiStatus.TemporaryRedirect, (await GetAsync("/register?alice", _owner, home)).Status);
        }

        var page = await GetAsync("/account/link", _owner, home);
        return LinkCode().Match(Encoding.UTF8.GetString(page.Body.Span)).Groups[1].Value;
    }

    /// <summary>As a person's client does: follows the redirect to the token URL and types yes when asked.</summary>
    private async Task<GeminiResponse> GetAsync(string pathAndQuery, X509Certificate2 certificate, IPAddress address)
    {
        var reply = await SendAsync(pathAndQuery, certificate, address);
        if (reply.Status != GeminiStatus.TemporaryRedirect || !reply.Meta.StartsWith("/account/link/", StringComparison.Ordinal))
        {
            return reply;
        }

        var confirm = await SendAsync(reply.Meta, certificate, address);
        return confirm.Status == GeminiStatus.Input && confirm.Meta.StartsWith("Type yes", StringComparison.Ordinal)
            ? await SendAsync(reply.Meta + "?yes", certificate, address)
            : confirm;
    }

    private async Task<GeminiResponse> SendAsync(string pathAndQuery, X509Certificate2 certificate, IPAddress address)
    {
        var request = TestRequests.Gemini(pathAndQuery) with
        {
            Client = ClientCertificate.From(certificate),
            RemoteEndPoint = new IPEndPoint(address, 50_000),
        };
        return await _dispatcher.HandleAsync(request, CancellationToken.None);
    }

    private static (GeminiStatus, string) Summary(GeminiResponse response) => (response.Status, response.Meta);

    [GeneratedRegex("link code: ([A-Z0-9]+)")]
    private static partial Regex LinkCode();

    private sealed class DefaultPolicy : IAccessPolicySource
    {
        public AccessPolicy Current => AccessPolicy.Default;
    }
}
