using GeminiWiki.Domain.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace GeminiWiki.Server.Tests.Identity;

public sealed class LivePolicyTests
{
    [Fact]
    public async Task Policy_and_allow_list_changes_apply_without_a_restart_and_a_bad_edit_keeps_the_last_good_policy()
    {
        using var friend = TestCertificates.Valid("friend");
        await using var server = await IdentityTestServer.StartAsync();
        Assert.Equal(20, (await server.GetAsync("/probe/read", null)).Status);

        server.Configuration.Add(new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Identity:Read"] = "AllowListed",
                ["Identity:AllowList:0"] = Fingerprint.Of(friend).Hex,
            },
        });
        Assert.Equal(60, (await server.GetAsync("/probe/read", null)).Status);
        Assert.Equal(20, (await server.GetAsync("/probe/read", friend)).Status);

        server.Configuration.Add(new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Identity:Read"] = "Public", ["Identity:DenyList:0"] = "not a fingerprint" },
        });
        Assert.Equal(60, (await server.GetAsync("/probe/read", null)).Status);
    }

    [Fact]
    public async Task A_bad_fingerprint_in_gemini_json_stops_start_up_naming_the_entry()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => IdentityTestServer.StartAsync("--Identity:AdminFingerprints:0", "sha1$abc"));
        Assert.Contains("Identity:AdminFingerprints:0 'sha1$abc' is not a SHA-256 fingerprint", failure.Message, StringComparison.Ordinal);
    }
}
