using System.Text;

namespace GeminiWiki.Domain.Rendering;

/// <summary>A link found in Markdown, to become a link line after its block. Label null when it would only repeat the URL.</summary>
internal readonly record struct RenderedLink(string Url, string? Label);

/// <summary>
/// The text of a run of inlines (a paragraph, heading, item or table cell), split at hard line
/// breaks, and the links it holds. Gemtext has no inline markup, so inline renderers only add
/// words and links here; the block renderer decides which lines they become.
/// </summary>
internal sealed class InlineRun
{
    private readonly List<string> _lines = [];
    // A slot per link in document order; an outer link takes its slot before an image inside it.
    private readonly List<RenderedLink?> _links = [];
    private readonly StringBuilder _current = new();
    // Everything written so far, line ends as spaces: a link's label is what its content wrote.
    private readonly StringBuilder _written = new();
    private bool _hasPlainText;
    private int _linkDepth;

    public IReadOnlyList<string> Lines => _lines;

    public IEnumerable<RenderedLink> Links => _links.OfType<RenderedLink>();

    /// <summary>True when every visible character belongs to a link or image.</summary>
    public bool OnlyLinks => _links.Any(link => link is not null) && !_hasPlainText;

    public string SingleLine => string.Join(' ', _lines.Where(line => line.Length > 0));

    public void Append(string text)
    {
        if (_linkDepth == 0 && !string.IsNullOrWhiteSpace(text))
        {
            _hasPlainText = true;
        }

        foreach (var c in text)
        {
            // Text never carries a line end of its own (an entity such as &#10; can hold one); only hard breaks end lines.
            var safe = c is '\r' or '\n' ? ' ' : c;
            _current.Append(safe);
            _written.Append(safe);
        }
    }

    public void EndLine()
    {
        _lines.Add(CollapseSpaces(_current.ToString()).Trim());
        _current.Clear();
        _written.Append(' ');
    }

    /// <summary>Starts a link whose words are written next; <see cref="EndLink"/> gives it its label.</summary>
    public (int Slot, int LabelStart) BeginLink()
    {
        _links.Add(null);
        _linkDepth++;
        return (_links.Count - 1, _written.Length);
    }

    public void EndLink((int Slot, int LabelStart) start, string? url, string? title)
    {
        _linkDepth--;
        var label = _written.ToString(start.LabelStart, _written.Length - start.LabelStart);
        _links[start.Slot] = MakeLink(url, string.IsNullOrWhiteSpace(label) ? title : label);
    }

    /// <summary>A link whose text is its URL (an autolink): the text does not count as plain words.</summary>
    public void AddAutolink(string text, string url)
    {
        _linkDepth++;
        Append(text);
        _linkDepth--;
        _links.Add(MakeLink(url, text));
    }

    public InlineRun Finish()
    {
        EndLine();
        while (_lines.Count > 0 && _lines[^1].Length == 0)
        {
            _lines.RemoveAt(_lines.Count - 1);
        }

        return this;
    }

    private static RenderedLink? MakeLink(string? url, string? label)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var target = url.Trim();
        var cleanLabel = label is null ? null : CollapseSpaces(label.Replace('\n', ' ').Replace('\r', ' ').Trim());
        // An autolink's label would only repeat its URL.
        if (string.IsNullOrEmpty(cleanLabel) || cleanLabel == target)
        {
            cleanLabel = null;
        }

        return new RenderedLink(target, cleanLabel);
    }

    private static string CollapseSpaces(string text)
    {
        if (!text.Contains("  ", StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var previousSpace = false;
        foreach (var c in text)
        {
            if (c == ' ' && previousSpace)
            {
                continue;
            }

            builder.Append(c);
            previousSpace = c == ' ';
        }

        return builder.ToString();
    }
}
