using GeminiWiki.Server.Logging;

namespace GeminiWiki.Server.Tests.Logging;

public sealed class AccessLogTests
{
    [Theory]
    [InlineData("a\rb\nc", "a\\x0db\\x0ac")]
    [InlineData("say \"hi\" \\", "say \\\"hi\\\" \\\\")]
    [InlineData("/page/txt.\u202Eexe", "/page/txt.\\u202eexe")]
    [InlineData("\u2066isolated\u2069", "\\u2066isolated\\u2069")]
    [InlineData("\u200Ez\u200Fw\u061C", "\\u200ez\\u200fw\\u061c")]
    [InlineData("zero\u200Bwidth\u200C\u200D\u2060\uFEFF", "zero\\u200bwidth\\u200c\\u200d\\u2060\\ufeff")]
    [InlineData("line\u2028paragraph\u2029", "line\\u2028paragraph\\u2029")]
    [InlineData("Über 🚀", "Über 🚀")]
    public void Escapes_characters_that_would_forge_or_disguise_a_line(string text, string logged) =>
        Assert.Equal(logged, AccessLog.Escape(text));
}
