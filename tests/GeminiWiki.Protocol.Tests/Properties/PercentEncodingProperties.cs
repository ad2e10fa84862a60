using System.Text.RegularExpressions;
using CsCheck;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Testing;
using static GeminiWiki.Protocol.Tests.Properties.RequestGenerators;

namespace GeminiWiki.Protocol.Tests.Properties;

/// <summary>Percent-encoding and path normalisation: formatters that round-trip, normalisation that settles.</summary>
[Trait("Category", "Property")]
public sealed class PercentEncodingProperties
{
    private const string SegmentSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@%";

    [Fact]
    public void Encoded_segments_and_queries_decode_to_the_same_text() =>
        PropertyRun.Check(UnicodeText, text =>
        {
            var segment = PercentEncoding.EncodeSegment(text);
            var query = PercentEncoding.EncodeQuery(text);

            Assert.DoesNotContain(segment, c => !SegmentSafe.Contains(c));
            Assert.DoesNotContain(query, c => !SegmentSafe.Contains(c) && c is not '/' and not '?');
            Assert.True(PercentEncoding.TryDecode(segment, out var fromSegment));
            Assert.Equal(text, fromSegment);
            Assert.True(PercentEncoding.TryDecode(query, out var fromQuery));
            Assert.Equal(text, fromQuery);
        }, iterations: 20_000);

    [Fact]
    public void An_encoded_segment_is_one_segment_of_a_request_path() =>
        PropertyRun.Check(UnicodeText, text =>
        {
            var line = System.Text.Encoding.UTF8.GetBytes("gemini://localhost/page/" + PercentEncoding.EncodeSegment(text));
            if (line.Length > RequestParser.MaxRequestBytes || text is "." or ".." || text.Length == 0)
            {
                return;
            }

            Assert.True(RequestParser.TryParse(line, Served, null, out var request, out var reason), reason.ToString());
            Assert.True(PathNormalizer.TryDecodeSegments(request!.Path, out var segments));
            Assert.Equal(["page", text], segments);
        }, iterations: 20_000);

    [Fact]
    public void Decoding_any_text_never_throws() =>
        PropertyRun.Check(Gen.Select(AnyText, Segment.Array[0, 6]), (text, segments) =>
        {
            foreach (var value in new[] { text, string.Concat(segments), text + "%" + string.Join('%', segments) })
            {
                if (PercentEncoding.TryDecode(value, out var decoded))
                {
                    Assert.NotNull(decoded);
                }
                else
                {
                    Assert.Equal(string.Empty, decoded);
                }
            }
        }, iterations: 20_000);

    [Fact]
    public void Normalised_paths_stay_under_the_root_without_dot_segments() =>
        PropertyRun.Check(Gen.Select(RawPath, AnyText), (path, noise) =>
        {
            foreach (var raw in new[] { path, path + "/" + noise })
            {
                if (!PathNormalizer.TryNormalize(raw, out var normalized))
                {
                    Assert.Equal(string.Empty, normalized);
                    continue;
                }

                Assert.StartsWith("/", normalized, StringComparison.Ordinal);
                Assert.DoesNotContain(normalized.Split('/'), segment => segment is "." or "..");
            }
        }, iterations: 20_000);

    [Fact]
    public void Normalising_a_well_escaped_path_settles_in_one_pass_and_decodes_to_no_dot_segments() =>
        PropertyRun.Check(RawPath.Where(HasOnlyCompleteEscapes), raw =>
        {
            // The parser lets only complete %XX escapes through; for those one pass is enough.
            if (!PathNormalizer.TryNormalize(raw, out var normalized))
            {
                return;
            }

            Assert.True(PathNormalizer.TryNormalize(normalized, out var again), normalized);
            Assert.Equal(normalized, again);
            if (PathNormalizer.TryDecodeSegments(normalized, out var segments))
            {
                Assert.DoesNotContain(segments, segment => segment is "." or "..");
            }
        }, iterations: 20_000);

    [Fact]
    public void A_path_that_climbs_above_the_root_is_refused_not_clamped() =>
        PropertyRun.Check(Gen.Select(Gen.Int[0, 4], Gen.Int[1, 4], Gen.OneOf("..", "%2E%2E", ".%2e")), (depth, extra, dotDot) =>
        {
            // Some names, then more ".." than names: the walk must leave the root.
            var names = Enumerable.Range(0, depth).Select(i => "n" + i);
            var raw = "/" + string.Join('/', names.Concat(Enumerable.Repeat(dotDot, depth + extra)));
            Assert.False(PathNormalizer.TryNormalize(raw, out _), raw);
        }, iterations: 5_000);

    private static bool HasOnlyCompleteEscapes(string value) => !Regex.IsMatch(value, "%(?![0-9A-Fa-f]{2})");
}
