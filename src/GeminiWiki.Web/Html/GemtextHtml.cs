using System.Text;
using GeminiWiki.Protocol.Gemtext;

namespace GeminiWiki.Web.Html;

/// <summary>
/// Gemtext as semantic HTML, read with the same <see cref="GemtextReader"/> the rest of the wiki
/// uses: headings, lists, quotes, preformatted blocks labelled with their alt text, one link per
/// line. Every piece of text is escaped; no markup in a page survives as markup.
/// </summary>
public sealed class GemtextHtml(WebLinks links)
{
    public sealed record Rendered(string Body, string? Title);

    public Rendered Render(string gemtext)
    {
        var html = new StringBuilder(gemtext.Length * 2);
        string? title = null;
        var open = Block.None;
        var firstPreLine = false;
        foreach (var line in GemtextReader.Lines(gemtext))
        {
            if (open == Block.Pre)
            {
                // Inside a preformatted block the reader marks every line but the closing toggle as
                // preformatted; the closing toggle's own text is ignored, as clients do.
                if (line.Kind == GemtextLineKind.Toggle)
                {
                    Close(html, open);
                    open = Block.None;
                }
                else
                {
                    html.Append(firstPreLine ? string.Empty : "\n").Append(Html.Escape(line.Text));
                    firstPreLine = false;
                }

                continue;
            }

            var wanted = line.Kind switch
            {
                GemtextLineKind.ListItem => Block.List,
                GemtextLineKind.Quote => Block.Quote,
                GemtextLineKind.Link => Block.Links,
                _ => Block.None,
            };
            if (open != wanted)
            {
                Close(html, open);
                open = Block.None;
            }

            switch (line.Kind)
            {
                case GemtextLineKind.Toggle:
                    var alt = line.Text[3..].Trim();
                    html.Append(alt.Length > 0 ? $"<pre aria-label=\"{Html.Escape(alt)}\">" : "<pre>");
                    open = Block.Pre;
                    firstPreLine = true;
                    break;
                case GemtextLineKind.Heading:
                    var level = Math.Min(3, line.Text.TakeWhile(c => c == '#').Count());
                    var heading = line.Text[line.Text.TakeWhile(c => c == '#').Count()..].Trim();
                    title ??= heading.Length > 0 ? heading : null;
                    html.Append($"<h{level}>").Append(Html.Escape(heading)).Append($"</h{level}>\n");
                    break;
                case GemtextLineKind.ListItem:
                    Open(html, ref open, Block.List);
                    html.Append("<li>").Append(Html.Escape(line.Text[2..].Trim())).Append("</li>\n");
                    break;
                case GemtextLineKind.Quote:
                    Open(html, ref open, Block.Quote);
                    html.Append("<p>").Append(Html.Escape(line.Text[1..].Trim())).Append("</p>\n");
                    break;
                case GemtextLineKind.Link:
                    Open(html, ref open, Block.Links);
                    AppendLink(html, line);
                    break;
                default:
                    if (line.Text.Trim().Length > 0)
                    {
                        html.Append("<p>").Append(Html.Escape(line.Text)).Append("</p>\n");
                    }

                    break;
            }
        }

        Close(html, open);
        return new Rendered(html.ToString(), title);
    }

    private void AppendLink(StringBuilder html, GemtextLine line)
    {
        var url = line.LinkUrl;
        if (url is null)
        {
            return;
        }

        var label = line.Text.AsSpan(2).TrimStart(" \t")[url.Length..].Trim(" \t").ToString();
        if (label.Length == 0)
        {
            label = url;
        }

        html.Append("<li>");
        if (links.Href(url) is { } href)
        {
            html.Append("<a href=\"").Append(Html.Escape(href)).Append("\">").Append(Html.Escape(label)).Append("</a>");
        }
        else
        {
            // A target that could run code in the browser is shown, never followed.
            html.Append(Html.Escape(label)).Append(" <code>").Append(Html.Escape(url)).Append("</code>");
        }

        html.Append("</li>\n");
    }

    private static void Open(StringBuilder html, ref Block open, Block block)
    {
        if (open == block)
        {
            return;
        }

        html.Append(block switch
        {
            Block.List => "<ul>\n",
            Block.Quote => "<blockquote>\n",
            _ => "<ul class=\"links\">\n",
        });
        open = block;
    }

    private static void Close(StringBuilder html, Block block) => html.Append(block switch
    {
        Block.List or Block.Links => "</ul>\n",
        Block.Quote => "</blockquote>\n",
        Block.Pre => "</pre>\n",
        _ => string.Empty,
    });

    private enum Block
    {
        None,
        List,
        Quote,
        Links,
        Pre,
    }
}
