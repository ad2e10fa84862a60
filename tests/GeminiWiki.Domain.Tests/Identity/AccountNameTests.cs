using GeminiWiki.Domain.Identity;

namespace GeminiWiki.Domain.Tests.Identity;

public sealed class AccountNameTests
{
    [Theory]
    [InlineData("al")]
    [InlineData("alice")]
    [InlineData("Alice_B.C-d")]
    [InlineData("0day")]
    [InlineData("abcdefghijabcdefghijabcdefghij12")] // 32
    public void Valid_names_are_accepted(string text)
    {
        Assert.True(AccountName.TryCreate(text, out var name, out var problem), problem);
        Assert.Equal(text, name.Value);
    }

    [Theory]
    [InlineData("a", "2 to 32")]
    [InlineData("", "2 to 32")]
    [InlineData("abcdefghijabcdefghijabcdefghij123", "2 to 32")]
    [InlineData("al ice", "only letters")]
    [InlineData("alice/../x", "only letters")]
    [InlineData("=> /evil", "only letters")]
    [InlineData("ålice", "only letters")]
    [InlineData(".alice", "starts with")]
    [InlineData("admin", "reserved")]
    [InlineData("ADMIN", "reserved")]
    [InlineData("System", "reserved")]
    [InlineData("anonymous", "reserved")]
    public void Invalid_names_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(AccountName.TryCreate(text, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_ignores_case()
    {
        Assert.True(AccountName.TryCreate("Alice", out var upper, out _));
        Assert.True(AccountName.TryCreate("aLICE", out var mixed, out _));
        Assert.Equal(upper.Key, mixed.Key);
        Assert.Equal("Alice", upper.Value);
    }
}
