using GeminiWiki.Domain.Pages;

namespace GeminiWiki.Domain.Tests.Pages;

public sealed class PageNameTests
{
    [Theory]
    [InlineData("Home")]
    [InlineData("Über uns")]
    [InlineData("日本語のページ")]
    [InlineData("C# & .NET: notes (2026)")]
    [InlineData("emoji 🚀 page")]
    [InlineData("a?b#c%d")]
    public void Accepts_unicode_names_and_keeps_them_as_written(string text)
    {
        Assert.True(PageName.TryParse(text, 100, out var name, out _));
        Assert.Equal(text, name.Value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("a/b", "'/'")]
    [InlineData("line\nbreak", "control")]
    [InlineData("tab\there", "control")]
    [InlineData("nul\0", "control")]
    [InlineData("del\u007f", "control")]
    [InlineData("c1\u0085x", "control")]
    [InlineData(".", "'.'")]
    [InlineData("..", "'.'")]
    [InlineData("line\u2028separator", "line breaks")]
    [InlineData("paragraph\u2029separator", "line breaks")]
    [InlineData("bom\uFEFF", "control")]
    public void Refuses_names_that_cannot_be_pages_and_says_why(string text, string reason)
    {
        Assert.False(PageName.TryParse(text, 100, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("txt.\u202Eexe", "U+202E")]
    [InlineData("\u202Aembedded", "U+202A")]
    [InlineData("\u202Doverride", "U+202D")]
    [InlineData("isolate\u2066x\u2069", "U+2066")]
    [InlineData("isolate\u2068x", "U+2068")]
    [InlineData("mark\u200Ex", "U+200E")]
    [InlineData("mark\u200Fx", "U+200F")]
    [InlineData("arabic\u061Cmark", "U+061C")]
    [InlineData("zero\u200Bwidth", "U+200B")]
    [InlineData("non\u200Cjoiner", "U+200C")]
    [InlineData("joiner\u200Dx", "U+200D")]
    [InlineData("word\u2060joiner", "U+2060")]
    public void Refuses_invisible_characters_that_change_how_a_name_looks(string text, string named)
    {
        Assert.False(PageName.TryParse(text, PageName.DefaultMaxLength, out _, out var problem));
        Assert.Contains("invisible characters such as direction marks, bidi controls or zero-width spaces", problem, StringComparison.Ordinal);
        Assert.Contains(named, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_is_bounded_in_characters_not_bytes()
    {
        Assert.True(PageName.TryParse(new string('ü', 10), 10, out _, out _));
        Assert.False(PageName.TryParse(new string('a', 11), 10, out _, out var problem));
        Assert.Contains("at most 10", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_differing_only_in_case_or_normalisation_are_the_same_page()
    {
        var upper = PageName.Parse("Über Uns");
        var lower = PageName.Parse("über uns");
        var decomposed = PageName.Parse("U\u0308ber Uns");
        Assert.Equal(upper, lower);
        Assert.Equal(upper.Key, decomposed.Key);
        Assert.Equal("Über Uns", upper.Value);
        Assert.Equal("über uns", lower.Value);
    }

    [Fact]
    public void Surrounding_whitespace_is_trimmed()
    {
        Assert.Equal("Home", PageName.Parse("  Home ").Value);
    }

    [Theory]
    [InlineData("Über uns", "%C3%9Cber%20uns")]
    [InlineData("a?b#c", "a%3Fb%23c")]
    [InlineData("100%", "100%25")]
    [InlineData("Home", "Home")]
    public void Names_are_percent_encoded_in_urls(string text, string segment)
    {
        Assert.Equal(segment, PageName.Parse(text).UrlSegment);
    }
}
