using GeminiWiki.Protocol.Requests;

namespace GeminiWiki.Protocol.Routing;

/// <summary>
/// A pure map from a request path to an endpoint. Templates are segments separated by '/':
/// literals, <c>{name}</c>, an optional last <c>{name?}</c>, or a catch-all last <c>{*name}</c>.
/// Captured values are percent-decoded. Routes are tried in the order they were added.
/// </summary>
public sealed class RouteTable
{
    private readonly List<Route> _routes = [];

    public IReadOnlyList<Route> Routes => _routes;

    public RouteTable Map(string template, GeminiEndpoint endpoint, bool acceptsTitan = false)
    {
        _routes.Add(new Route(RouteTemplate.Parse(template), endpoint, acceptsTitan));
        return this;
    }

    /// <summary>Finds the first route whose template matches <paramref name="path"/> (a normalised, encoded path).</summary>
    public RouteMatch? Match(string path)
    {
        var rawSegments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var route in _routes)
        {
            if (route.Template.TryMatch(rawSegments, out var values))
            {
                return new RouteMatch(route, values);
            }
        }

        return null;
    }
}

public sealed record Route(RouteTemplate Template, GeminiEndpoint Endpoint, bool AcceptsTitan);

public sealed record RouteMatch(Route Route, IReadOnlyDictionary<string, string> Values);

public sealed class RouteTemplate
{
    private readonly Segment[] _segments;

    private RouteTemplate(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public static RouteTemplate Parse(string template)
    {
        var parts = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = new Segment[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var isLast = i == parts.Length - 1;
            if (part.StartsWith("{*", StringComparison.Ordinal) && part.EndsWith('}'))
            {
                if (!isLast)
                {
                    throw new ArgumentException($"A catch-all must be the last segment: {template}", nameof(template));
                }

                segments[i] = new Segment(SegmentKind.CatchAll, part[2..^1]);
            }
            else if (part.StartsWith('{') && part.EndsWith("?}", StringComparison.Ordinal))
            {
                if (!isLast)
                {
                    throw new ArgumentException($"An optional value must be the last segment: {template}", nameof(template));
                }

                segments[i] = new Segment(SegmentKind.Optional, part[1..^2]);
            }
            else if (part.StartsWith('{') && part.EndsWith('}'))
            {
                segments[i] = new Segment(SegmentKind.Value, part[1..^1]);
            }
            else
            {
                segments[i] = new Segment(SegmentKind.Literal, part);
            }
        }

        return new RouteTemplate(template, segments);
    }

    public bool TryMatch(string[] rawSegments, out IReadOnlyDictionary<string, string> values)
    {
        var captured = new Dictionary<string, string>(StringComparer.Ordinal);
        values = captured;
        var i = 0;
        for (; i < _segments.Length; i++)
        {
            var segment = _segments[i];
            if (segment.Kind == SegmentKind.CatchAll)
            {
                var rest = string.Join('/', rawSegments.Skip(i));
                if (!PercentEncoding.TryDecode(rest, out var decodedRest))
                {
                    return false;
                }

                captured[segment.Name] = decodedRest;
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
                captured[segment.Name] = decoded;
            }
        }

        return i == rawSegments.Length;
    }

    private enum SegmentKind
    {
        Literal,
        Value,
        Optional,
        CatchAll,
    }

    private readonly record struct Segment(SegmentKind Kind, string Name);
}
