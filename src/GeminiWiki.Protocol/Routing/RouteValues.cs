namespace GeminiWiki.Protocol.Routing;

/// <summary>The typed values a matched route bound, read by their parameter.</summary>
public sealed class RouteValues
{
    public static readonly RouteValues Empty = new(new Dictionary<string, object>(0, StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, object> _values;

    public RouteValues(IReadOnlyDictionary<string, object> values) => _values = values;

    public int Count => _values.Count;

    /// <summary>The value of a parameter the template requires.</summary>
    public T Get<T>(RouteParameter<T> parameter)
        where T : notnull =>
        _values.TryGetValue(parameter.Name, out var value)
            ? (T)value
            : throw new InvalidOperationException($"The route has no value '{parameter.Name}'.");

    /// <summary>The value of an optional parameter, when the path had it.</summary>
    public bool TryGet<T>(RouteParameter<T> parameter, out T value)
        where T : notnull
    {
        if (_values.TryGetValue(parameter.Name, out var boxed))
        {
            value = (T)boxed;
            return true;
        }

        value = default!;
        return false;
    }

    public bool Has(RouteParameter parameter) => _values.ContainsKey(parameter.Name);
}
