using System.Text;
using CsCheck;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Domain.Tests.Properties;

/// <summary>Page and account names: any text gets a name or a reason, and a name survives its trip through a URL.</summary>
[Trait("Category", "Property")]
public sealed class NameProperties
{
    private static readonly ServedAuthority Served = new(["localhost"], 1965, acceptTitan: true);

    /// <summary>Any UTF-16 text, lone surrogates and controls included, biased towards name-like text.</summary>
    private static readonly Gen<string> AnyText = Gen.Frequency(
            (3, Gen.Char),
            (3, Gen.Char["abcXYZ019 -_.~/%é\u0301\u212AİıßΣς\uFEFF\u2028\t"]))
        .Array[0, 40]
        .Select(chars => new string(chars));

    /// <summary>Well-formed Unicode from every plane, with combining marks and case-changing letters.</summary>
    private static readonly Gen<string> UnicodeText = Gen.Frequency(
            (4, Gen.Int[0x20, 0x7E]),
            (2, Gen.OneOf(0x301, 0x212A, 0x130, 0x131, 0xDF, 0x3A3, 0x3C2, 0x1E9E, 0xFB01, 0x2028, 0xFEFF)),
            (2, Gen.Int[0x80, 0xFFFF].Where(c => c is < 0xD800 or > 0xDFFF)),
            (1, Gen.Int[0x10000, 0x10FFFF]))
        .Array[0, 40]
        .Select(codePoints => string.Concat(codePoints.Select(c => new Rune(c).ToString())));

    [Fact]
    public void Any_text_is_a_page_name_or_a_reason() =>
        PropertyRun.Check(Gen.Select(Gen.Frequency((1, AnyText), (1, UnicodeText)), Gen.Int[0, 120]), (text, maxLength) =>
        {
            if (!PageName.TryParse(text, maxLength, out var name, out var problem))
            {
                Assert.False(string.IsNullOrEmpty(problem));
                return;
            }

            Assert.Equal(string.Empty, problem);
            Assert.False(string.IsNullOrWhiteSpace(name.Value));
            Assert.DoesNotContain('/', name.Value);
            Assert.DoesNotContain(name.Value, char.IsControl);
            Assert.True(name.Value is not "." and not "..");
            Assert.Equal(name.Value.Trim(), name.Value);
        }, iterations: 20_000);

    [Fact]
    public void A_page_name_comes_back_from_its_URL_segment_with_the_same_key() =>
        PropertyRun.Check(UnicodeText, text =>
        {
            if (!PageName.TryParse(text, PageName.DefaultMaxLength, out var name, out _))
            {
                return;
            }

            Assert.True(PercentEncoding.TryDecode(name.UrlSegment, out var decoded));
            Assert.True(PageName.TryParse(decoded, PageName.DefaultMaxLength, out var back, out var problem), problem);
            Assert.Equal(name.Key, back.Key);
            Assert.Equal(name, back);

            // And through a whole request, the way a link is followed.
            var line = Encoding.UTF8.GetBytes("gemini://localhost/page/" + name.UrlSegment);
            if (line.Length <= RequestParser.MaxRequestBytes)
            {
                Assert.True(RequestParser.TryParse(line, Served, null, out var request, out var reason), reason.ToString());
                Assert.True(PathNormalizer.TryDecodeSegments(request!.Path, out var segments));
                Assert.Equal(2, segments.Length);
                Assert.True(PageName.TryParse(segments[1], PageName.DefaultMaxLength, out var followed, out _));
                Assert.Equal(name.Key, followed.Key);
            }
        }, iterations: 20_000);

    [Fact]
    public void Any_text_is_an_account_name_or_a_reason() =>
        PropertyRun.Check(Gen.Frequency((1, AnyText), (1, Gen.Char["abcdefghijklmnopqrstuvwxyzADMINROT0123456789-_. "].Array[0, 40].Select(c => new string(c)))), text =>
        {
            if (!AccountName.TryCreate(text, out var name, out var problem))
            {
                Assert.False(string.IsNullOrEmpty(problem));
                return;
            }

            Assert.InRange(name.Value.Length, AccountName.MinLength, AccountName.MaxLength);
            Assert.Equal(name.Value.ToLowerInvariant(), name.Key);
            Assert.DoesNotContain(name.Key, AccountName.Reserved);

            // A name is its own URL segment, and comes back from it with the same key.
            Assert.Equal(name.Value, PercentEncoding.EncodeSegment(name.Value));
            Assert.True(PercentEncoding.TryDecode(PercentEncoding.EncodeSegment(name.Value), out var decoded));
            Assert.True(AccountName.TryCreate(decoded, out var back, out _));
            Assert.Equal(name.Key, back.Key);
        }, iterations: 20_000);
}
