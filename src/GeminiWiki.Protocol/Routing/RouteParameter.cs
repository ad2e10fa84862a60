namespace GeminiWiki.Protocol.Routing;

/// <summary>A named, typed route value: the dispatcher binds it once, before the endpoint runs.</summary>
public abstract class RouteParameter(string name)
{
    public string Name { get; } = name;

    /// <summary>Binds the percent-decoded segment; <paramref name="problem"/> is the 59 message when it is not a valid value.</summary>
    public abstract bool TryBind(string text, out object? value, out string problem);
}

public delegate bool RouteValueParser<T>(string text, out T value, out string problem);

public sealed class RouteParameter<T>(string name, RouteValueParser<T> parse) : RouteParameter(name)
    where T : notnull
{
    public override bool TryBind(string text, out object? value, out string problem)
    {
        if (parse(text, out var typed, out problem))
        {
            value = typed;
            return true;
        }

        value = null;
        return false;
    }
}

/// <summary>Parameters that need no domain knowledge.</summary>
public static class RouteParameters
{
    /// <summary>A whole number from 1 up (a revision, a count); <paramref name="refusal"/> words the 59 for the text given.</summary>
    public static RouteParameter<int> PositiveNumber(string name, Func<string, string> refusal) => new(name, (string text, out int value, out string problem) =>
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= 1)
        {
            problem = string.Empty;
            return true;
        }

        problem = refusal(text);
        return false;
    });

    /// <summary>Any text (the catch-all and free values).</summary>
    public static RouteParameter<string> Text(string name) => new(name, (string text, out string value, out string problem) =>
    {
        value = text;
        problem = string.Empty;
        return true;
    });
}
