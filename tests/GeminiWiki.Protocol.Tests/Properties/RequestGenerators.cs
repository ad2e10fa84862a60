using System.Net;
using System.Text;
using CsCheck;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Protocol.Tests.Properties;

/// <summary>
/// Inputs for the property tier: arbitrary bytes and text, and request lines built from parts that
/// are each almost right (schemes, userinfo, hosts, ports, dot-segments, escapes, Titan parameters,
/// queries, fragments), so most inputs get past the first checks and reach the deeper ones.
/// </summary>
internal static class RequestGenerators
{
    public static readonly ServedAuthority Served = new(["localhost", "wiki.example"], 1965, acceptTitan: true);

    public static readonly ServedAuthority ServedWithoutTitan = new(["localhost"], 1965, acceptTitan: false);

    /// <summary>Any bytes, up to a little past the 1024-byte limit.</summary>
    public static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 1100];

    /// <summary>Any UTF-16 text, lone surrogates and control characters included.</summary>
    public static readonly Gen<string> AnyText = Gen.Char.Array[0, 300].Select(chars => new string(chars));

    /// <summary>Well-formed Unicode (no lone surrogates) from every plane.</summary>
    public static readonly Gen<string> UnicodeText = Gen.Frequency(
            (4, Gen.Int[0x20, 0x7E]),
            (2, Gen.Int[0, 0x1F]),
            (2, Gen.Int[0x80, 0x7FF]),
            (2, Gen.Int[0x800, 0xFFFF].Where(c => c is < 0xD800 or > 0xDFFF)),
            (1, Gen.Int[0x10000, 0x10FFFF]))
        .Array[0, 60]
        .Select(codePoints =>
        {
            var builder = new StringBuilder();
            foreach (var c in codePoints)
            {
                builder.Append(new Rune(c).ToString());
            }

            return builder.ToString();
        });

    public static readonly Gen<string> Scheme = Gen.Frequency(
        (12, Gen.OneOf("gemini", "GEMINI", "Gemini", "titan", "TITAN")),
        (3, Gen.OneOf("http", "https", "gopher", "spartan", "file", "gemini+s", "gemini-x", "g", "")),
        (2, Gen.OneOf("1gemini", "gem_ini", "gemini ", " gemini", "gem ini", "-gemini", "gémini", "\uFEFFgemini")),
        (1, Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-._~%:/"].Array[0, 8].Select(c => new string(c))));

    public static readonly Gen<string> Separator = Gen.Frequency(
        (12, Gen.Const("://")),
        (1, Gen.OneOf(":/", ":", "//", ":///", "", ":\\\\", "://\u0000", ": //")));

    public static readonly Gen<string> UserInfo = Gen.Frequency(
        (12, Gen.Const(string.Empty)),
        (1, Gen.OneOf("u@", "user:secret@", "@", "%40@", ":@", "a@b@")));

    public static readonly Gen<string> Host = Gen.Frequency(
        (10, Gen.OneOf("localhost", "LOCALHOST", "LocalHost", "localhost.", "wiki.example", "WIKI.Example.")),
        (4, Gen.OneOf("127.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "[0:0:0:0:0:0:0:1]", "192.0.2.7", "[2001:db8::7]", "[fe80::1%25eth0]")),
        (3, Gen.OneOf("127.1", "2130706433", "0x7f.0.0.1", "127.000.000.001", "256.0.0.1", "example.org", "localhost..", "..", ".", "")),
        (3, Gen.OneOf("[::1", "::1]", "[zz]", "[127.0.0.1]", "[]", "[::1]x", "local host", "local%68ost", "xn--bcher-kva", "bücher", "ＬＯＣＡＬＨＯＳＴ", "localhos\u212A", "local_host", "l*calhost")),
        (2, Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=%:[]"].Array[0, 20].Select(c => new string(c))));

    public static readonly Gen<string> Port = Gen.Frequency(
        (10, Gen.OneOf(string.Empty, ":1965")),
        (3, Gen.OneOf(":", ":01965", ":0", ":1", ":65535", ":65536", ":99999999999", ":-1", ":+1965", ":1965a", ":1966", ": 1965", ":١٩٦٥", "::1965")),
        (1, Gen.Int[0, 200_000].Select(p => ":" + p)));

    public static readonly Gen<string> Segment = Gen.Frequency(
        (6, Gen.OneOf("", "page", "Home", "raw", "a", "b", "index.gmi", "notes;draft")),
        (5, Gen.OneOf(".", "..", "%2e", "%2E%2e", ".%2E", "...", "%2F", "%2f..", "%252e%252e")),
        (4, Gen.OneOf("é", "%C3%A9", "%c3%a9", "%", "%4", "%4g", "%zz", "%00", "%FF", "%C3", "%ED%A0%80", "%F0%9F%98%80", "%41%7e", "%%41", "%2%41")),
        (2, Gen.OneOf("a b", "a\"b", "{x}", "a|b", "a\\b", "a^b", "a`b", "<x>", "a\tb", "\u0085", "\uFEFF", "😀", "\u202E")),
        (3, Gen.Char["abcAZ09-._~!$&'()*+,;=:@%/"].Array[0, 12].Select(c => new string(c))));

    public static readonly Gen<string> RawPath = Segment.Array[0, 8].Select(segments => segments.Length == 0 ? string.Empty : "/" + string.Join('/', segments));

    public static readonly Gen<string> TitanParameter = Gen.Frequency(
        (6, Gen.OneOf(";size=0", ";size=10", ";size=1024", ";size=999999999999999999")),
        (4, Gen.OneOf(";mime=text/plain", ";mime=text%2Fmarkdown", ";mime=", ";mime=text/gemini;charset=utf-8", ";token=secret", ";token=", ";token=%E2%9C%93")),
        (3, Gen.OneOf(";size=", ";size=-1", ";size=1e3", ";size=0x10", ";size=9999999999999999999", ";size= 1", ";size=%31", ";SIZE=5", ";Size=5")),
        (3, Gen.OneOf(";=x", ";x", ";", ";;", ";token=%ZZ", ";mime=%", ";size=1;size=2", ";a-b_c=1", ";é=1", ";size=10/x")),
        (1, Gen.Long[0, long.MaxValue].Select(n => ";size=" + n)));

    public static readonly Gen<string> TitanSuffix = TitanParameter.Array[0, 4].Select(string.Concat);

    public static readonly Gen<string> Query = Gen.Frequency(
        (6, Gen.Const(string.Empty)),
        (3, Gen.OneOf("?", "?q", "?a%20b", "?a+b", "?%", "?%zz", "?%C3%A9", "?%FF", "?a/b?c", "?a b", "?é", "?%0D%0Aline")),
        (2, Gen.Char["abc09-._~!$&'()*+,;=:@/?%"].Array[0, 16].Select(c => "?" + new string(c))));

    public static readonly Gen<string> Fragment = Gen.Frequency(
        (12, Gen.Const(string.Empty)),
        (1, Gen.OneOf("#", "#x", "#%20", "##")));

    /// <summary>A request line assembled from near-miss parts, sometimes with noise spliced in.</summary>
    public static readonly Gen<string> NearMissUrl = Gen.Select(
            Gen.Select(Scheme, Separator, UserInfo, Host, Port),
            Gen.Select(RawPath, TitanSuffix, Query, Fragment),
            Noise)
        .Select((authority, rest, noise) =>
        {
            var (scheme, separator, userInfo, host, port) = authority;
            var (path, titan, query, fragment) = rest;
            var url = scheme + separator + userInfo + host + port + path + titan + query + fragment;
            return noise.Apply(url);
        });

    /// <summary>The same, as UTF-8 bytes, occasionally with a byte replaced or a BOM in front.</summary>
    public static readonly Gen<byte[]> NearMissLine = Gen.Select(NearMissUrl, Gen.Int[0, 20], Gen.Byte, Gen.Int[0, 2000])
        .Select((url, mutation, value, position) =>
        {
            var bytes = Encoding.UTF8.GetBytes(url);
            switch (mutation)
            {
                case 0 when bytes.Length > 0:
                    bytes[position % bytes.Length] = value;
                    return bytes;
                case 1:
                    return [0xEF, 0xBB, 0xBF, .. bytes];
                case 2:
                    return [.. bytes, value];
                default:
                    return bytes;
            }
        });

    /// <summary>The address the connection arrived on: none, loopback or another one.</summary>
    public static readonly Gen<IPAddress?> LocalAddress = Gen.OneOf<IPAddress?>(
        null, IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("::ffff:127.0.0.1"), IPAddress.Parse("192.0.2.7"), IPAddress.Parse("2001:db8::7"));

    private static Gen<Insertion> Noise => Gen.Frequency(
        (10, Gen.Const(new Insertion(string.Empty, 0))),
        (1, Gen.Select(Gen.OneOf(" ", "\t", "\r", "\n", "\0", "\u007F", "\u0085", "\uFEFF", "é", "%", "#", "@", "?", "/", "..", ";size=1", "\uD800", "\uDC00"), Gen.Int[0, 300])
            .Select((text, position) => new Insertion(text, position))));

    /// <summary>Text spliced into a URL at a position (wrapped to its length).</summary>
    internal readonly record struct Insertion(string Text, int Position)
    {
        public string Apply(string url) => Text.Length == 0 ? url : url.Insert(Position % (url.Length + 1), Text);
    }
}
