using System.Text;
using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Protocol.Routing;

/// <summary>
/// A path template that both matches requests and builds the links to them, so a route's path is
/// spelled once. Segments are separated by '/': literals, <c>{name}</c>, an optional last
/// <c>{name?}</c>, or a catch-all last <c>{*name}</c>. Where a route is mapped, each value is given
/// a <see cref="RouteParameter"/> that binds it to a typed value.
/// </summary>
public sealed class RouteTemplate
{
    private readonly Segment[] _segments;

    private RouteTemplate(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>The literal segments before the first value, with a trailing '/' ("/raw/" for "/raw/{name}").</summary>
    public string LiteralPrefix =>
        "/" + string.Concat(_segments.TakeWhile(s => s.Kind == SegmentKind.Literal).Select(s => s.Name + "/"));

    /// <summary>The names of the values, in order.</summary>
    public IEnumerable<string> ValueNames => _segments.Where(s => s.Kind != SegmentKind.Literal).Select(s => s.Name);

    public static RouteTemplate Parse(string template)
    {
        var parts = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = new Segment[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var isLast = i == parts.Length - 1;
            var (kind, name) = part switch
            {
                _ when part.StartsWith("{*", StringComparison.Ordinal) && part.EndsWith('}') => (SegmentKind.CatchAll, part[2..^1]),
                _ when part.StartsWith('{') && part.EndsWith("?}", StringComparison.Ordinal) => (SegmentKind.Optional, part[1..^2]),
                _ when part.StartsWith('{') && part.EndsWith('}') => (SegmentKind.Value, part[1..^1]),
                _ => (SegmentKind.Literal, part),
            };

            if (kind is SegmentKind.CatchAll or SegmentKind.Optional && !isLast)
            {
                throw new ArgumentException($"A catch-all or optional value must be the last segment: {template}", nameof(template));
            }

            segments[i] = new Segment(kind, name);
        }

        return new RouteTemplate(template, segments);
    }

    /// <summary>
    /// The path of this route for <paramref name="values"/>, given in template order without
    /// encoding (each is percent-encoded here); an optional last value may be left out.
    /// </summary>
    public string Link(params ReadOnlySpan<string> values)
    {
        var path = new StringBuilder();
        var next = 0;
        foreach (var segment in _segments)
        {
            string text;
            if (segment.Kind == SegmentKind.Literal)
            {
                text = segment.Name;
            }
            else if (next < values.Length)
            {
                var value = values[next++];
                text = segment.Kind == SegmentKind.CatchAll
                    ? string.Join('/', value.Split('/').Select(PercentEncoding.EncodeSegment))
                    : PercentEncoding.EncodeSegment(value);
            }
            else if (segment.Kind is SegmentKind.Optional or SegmentKind.CatchAll)
            {
                break;
            }
            else
            {
                throw new ArgumentException($"{Text} needs a value for '{segment.Name}'.", nameof(values));
            }

            path.Append('/').Append(text);
        }

        if (next < values.Length)
        {
            throw new ArgumentException($"{Text} takes {next} values, not {values.Length}.", nameof(values));
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    /// <summary>Matches encoded path segments; the captured values are percent-decoded but not yet bound.</summary>
    public bool TryMatch(string[] rawSegments, out List<(string Name, string Text)> values)
    {
        values = [];
        var i = 0;
        for (; i < _segments.Length; i++)
        {
            var segment = _segments[i];
            if (segment.Kind == SegmentKind.CatchAll)
            {
                if (!PercentEncoding.TryDecode(string.Join('/', rawSegments.Skip(i)), out var rest))
                {
                    return false;
                }

                values.Add((segment.Name, rest));
                return true;
            }

            if (i >= rawSegments.Length)
            {
                return segment.Kind == SegmentKind.Optional;
            }

            if (!PercentEncoding.TryDecode(rawSegments[i], out var decoded))
            {
                return false;
            }

            if (segment.Kind == SegmentKind.Literal)
            {
                if (!string.Equals(decoded, segment.Name, StringComparison.Ordinal))
                {
                    return false;
                }
            }
            else
            {
                values.Add((segment.Name, decoded));
            }
        }

        return i == rawSegments.Length;
    }

    public override string ToString() => Text;

    private enum SegmentKind
    {
        Literal,
        Value,
        Optional,
        CatchAll,
    }

    private readonly record struct Segment(SegmentKind Kind, string Name);
}
