using System.Net;
using System.Text;
using CsCheck;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Titan;
using GeminiWiki.Testing;
using static GeminiWiki.Protocol.Tests.Properties.RequestGenerators;

namespace GeminiWiki.Protocol.Tests.Properties;

/// <summary>
/// The parser against inputs no one wrote a row for: whatever arrives, it answers with a request
/// or with one rejection reason that becomes 59 or 53, and what it accepts is self-consistent.
/// </summary>
[Trait("Category", "Property")]
public sealed class RequestParserProperties
{
    [Fact]
    public void Any_bytes_get_a_request_or_a_59_or_53() =>
        PropertyRun.Check(Gen.Select(Bytes, Gen.Bool, LocalAddress), (line, titan, local) =>
            AssertDefinedOutcome(line, titan ? Served : ServedWithoutTitan, local), iterations: 20_000);

    [Fact]
    public void Any_text_gets_a_request_or_a_59_or_53() =>
        PropertyRun.Check(Gen.Select(AnyText, LocalAddress), (text, local) =>
            AssertDefinedOutcome(Encoding.UTF8.GetBytes(text), Served, local), iterations: 20_000);

    [Fact]
    public void Near_miss_URLs_get_a_request_or_a_59_or_53() =>
        PropertyRun.Check(Gen.Select(NearMissLine, Gen.Bool, LocalAddress), (line, titan, local) =>
            AssertDefinedOutcome(line, titan ? Served : ServedWithoutTitan, local), iterations: 40_000, print: Show);

    [Fact]
    public void Accepted_requests_are_normalised() =>
        PropertyRun.Check(Gen.Select(NearMissLine, LocalAddress), (line, local) =>
        {
            if (!RequestParser.TryParse(line, Served, local, out var request, out _))
            {
                return;
            }

            Assert.NotNull(request);
            Assert.True(line.Length <= RequestParser.MaxRequestBytes);
            Assert.Equal(Encoding.UTF8.GetString(line), request.Url);
            Assert.StartsWith("/", request.Path, StringComparison.Ordinal);
            Assert.DoesNotContain(request.Path.Split('/'), segment => segment is "." or "..");
            Assert.Equal(ServedAuthority.NormalizeHost(request.Host), request.Host);
            Assert.True(request.Port is null or 1965, $"port {request.Port}");
            Assert.Equal(request.Scheme == GeminiScheme.Titan, request.Titan is not null);
            Assert.True(request.Titan is null || request.Titan.Size >= 0);
            Assert.DoesNotContain('#', request.Url);
            // '@' may stand in a path or query (RFC 3986 pchar), never in the authority.
            var afterScheme = request.Url[(request.Url.IndexOf("//", StringComparison.Ordinal) + 2)..];
            var authorityEnd = afterScheme.IndexOfAny(['/', '?']);
            Assert.DoesNotContain('@', authorityEnd < 0 ? afterScheme : afterScheme[..authorityEnd]);
        }, iterations: 40_000, print: Show);

    [Fact]
    public void A_request_rebuilt_from_its_parts_parses_to_the_same_request() =>
        PropertyRun.Check(Gen.Select(NearMissLine, LocalAddress), (line, local) =>
        {
            if (!RequestParser.TryParse(line, Served, local, out var request, out _))
            {
                return;
            }

            var rebuilt = Encoding.UTF8.GetBytes(Rebuild(request!));
            if (rebuilt.Length > RequestParser.MaxRequestBytes)
            {
                // Re-encoding a Titan value can lengthen the line past the limit; nothing to compare then.
                return;
            }

            Assert.True(RequestParser.TryParse(rebuilt, Served, local, out var again, out var reason), $"{Encoding.UTF8.GetString(rebuilt)} was refused: {reason}");
            Assert.Equal(request!.Scheme, again!.Scheme);
            Assert.Equal(request.Host, again.Host);
            Assert.Equal(request.Port, again.Port);
            Assert.Equal(request.Path, again.Path);
            Assert.Equal(request.Query, again.Query);
            Assert.Equal(request.Titan, again.Titan);
        }, iterations: 40_000, print: Show);

    [Fact]
    public void Titan_parameters_get_parameters_or_a_Titan_rejection() =>
        PropertyRun.Check(Gen.Select(RawPath, TitanSuffix, AnyText), (path, parameters, noise) =>
        {
            foreach (var text in new[] { path + parameters, parameters + noise })
            {
                if (TitanParameterParser.TrySplit(text, out var pathLength, out var titan, out var reason))
                {
                    Assert.NotNull(titan);
                    Assert.InRange(pathLength, 0, text.Length);
                    Assert.True(titan.Size >= 0);
                    Assert.False(string.IsNullOrEmpty(titan.Mime));
                    _ = titan.MediaType;
                }
                else
                {
                    Assert.True(reason is RequestRejectionReason.TitanMissingSize or RequestRejectionReason.TitanInvalidSize or RequestRejectionReason.TitanInvalidParameter, reason.ToString());
                    Assert.Equal(59, RequestRejection.ToResponse(reason).Code);
                }
            }
        }, iterations: 20_000);

    [Fact]
    public void Authorities_parse_or_are_rejected_with_an_authority_reason() =>
        PropertyRun.Check(Gen.Select(UserInfo, Host, Port, AnyText, LocalAddress), (userInfo, host, port, noise, local) =>
        {
            foreach (var text in new[] { userInfo + host + port, host + noise, noise })
            {
                if (RequestAuthority.TryParse(text, out var authority, out var reason))
                {
                    Assert.False(string.IsNullOrEmpty(authority.Host));
                    Assert.Equal(authority.Host.ToLowerInvariant(), authority.Host);
                    Assert.True(authority.Port is null or >= 1 and <= 65535);
                    var notServed = authority.CheckServedBy(Served, local);
                    Assert.True(notServed is null or RequestRejectionReason.HostNotServed or RequestRejectionReason.PortNotServed);
                    if (notServed is null)
                    {
                        // A served host is in its normal form; "localhost.." keeps one dot and is not served (53).
                        Assert.Equal(ServedAuthority.NormalizeHost(authority.Host), authority.Host);
                    }
                }
                else
                {
                    Assert.True(reason is RequestRejectionReason.UserInfo or RequestRejectionReason.EmptyHost or RequestRejectionReason.InvalidHost or RequestRejectionReason.InvalidPort, reason.ToString());
                }
            }
        }, iterations: 20_000);

    /// <summary>The request again from its parsed parts: scheme, host, port, normalised path, Titan parameters, query.</summary>
    private static string Rebuild(GeminiRequest request)
    {
        var builder = new StringBuilder(request.Scheme == GeminiScheme.Titan ? "titan://" : "gemini://");
        builder.Append(request.Host);
        if (request.Port is { } port)
        {
            builder.Append(':').Append(port);
        }

        builder.Append(request.Path);
        if (request.Titan is { } titan)
        {
            builder.Append(";size=").Append(titan.Size).Append(";mime=").Append(PercentEncoding.EncodeSegment(titan.Mime));
            if (titan.Token is not null)
            {
                builder.Append(";token=").Append(PercentEncoding.EncodeSegment(titan.Token));
            }
        }

        if (request.Query is not null)
        {
            builder.Append('?').Append(request.Query);
        }

        return builder.ToString();
    }

    private static void AssertDefinedOutcome(byte[] line, ServedAuthority served, IPAddress? local)
    {
        if (RequestParser.TryParse(line, served, local, out var request, out var reason))
        {
            Assert.NotNull(request);
            return;
        }

        Assert.Null(request);
        Assert.True(Enum.IsDefined(reason), $"undefined reason {(int)reason}");
        var response = RequestRejection.ToResponse(reason);
        Assert.True(response.Status is GeminiStatus.BadRequest or GeminiStatus.ProxyRequestRefused, $"{reason} became {response.Code}");
        Assert.False(string.IsNullOrEmpty(response.Meta));
    }

    private static string Show((byte[] Line, bool Titan, IPAddress? Local) input) =>
        $"{Show(input.Line)} titan={input.Titan} local={input.Local}";

    private static string Show((byte[] Line, IPAddress? Local) input) => $"{Show(input.Line)} local={input.Local}";

    private static string Show(byte[] line) => $"\"{Encoding.UTF8.GetString(line)}\" [{Convert.ToHexString(line)}]";
}
