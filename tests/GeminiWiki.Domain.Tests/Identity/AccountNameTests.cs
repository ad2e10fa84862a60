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
    [InlineData("admiral")]
    [InlineData("rooted")]
    [InlineData("administrators")]
    [InlineData("guestbook")]
    [InlineData("modern")]
    [InlineData("wikipedian")]
    [InlineData("sys-admin-fan")]
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

    [Theory]
    [InlineData("admin.", "admin")]
    [InlineData("_admin_", "admin")]
    [InlineData("adm1n", "admin")]
    [InlineData("ADM!N", "admin")]
    [InlineData("@dmin", "admin")]
    [InlineData("adrnin", "admin")]
    [InlineData("ad-min", "admin")]
    [InlineData("sysop.", "sysop")]
    [InlineData("5y5op", "sysop")]
    [InlineData("Administrator", "administrator")]
    [InlineData("Adm1n1strat0r", "administrator")]
    [InlineData("r00t", "root")]
    [InlineData("ROOT.", "root")]
    [InlineData("m0d3rat0r", "moderator")]
    [InlineData("Moderator_", "moderator")]
    [InlineData("5upp0rt", "support")]
    [InlineData("st4ff", "staff")]
    [InlineData("vviki", "wiki")]
    [InlineData("gemini.wiki", "geminiwiki")]
    [InlineData("\uFF41\uFF44\uFF4D\uFF49\uFF4E", "admin")] // full-width letters
    [InlineData("\U0001D41A\U0001D41D\U0001D426\U0001D422\U0001D427", "admin")] // mathematical bold
    public void Names_that_imitate_a_reserved_one_are_refused(string text, string imitated)
    {
        Assert.False(AccountName.TryCreate(text, out _, out var problem));
        Assert.Contains("reserved", problem, StringComparison.Ordinal);
        if (!AccountName.Reserved.Contains(text.ToLowerInvariant()))
        {
            Assert.Contains($"looks too much like '{imitated}'", problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ali\u202Ece", "U+202E")]
    [InlineData("\u200Balice", "U+200B")]
    [InlineData("al\u2066ice", "U+2066")]
    [InlineData("alice\u200F", "U+200F")]
    [InlineData("ali\u2028ce", "U+2028")]
    [InlineData("ad\u200Dmin", "U+200D")]
    public void Invisible_characters_are_refused_by_name(string text, string named)
    {
        Assert.False(AccountName.TryCreate(text, out _, out var problem));
        Assert.Contains("invisible characters such as direction marks, bidi controls or zero-width spaces", problem, StringComparison.Ordinal);
        Assert.Contains(named, problem, StringComparison.Ordinal);
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
