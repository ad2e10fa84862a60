using System.Globalization;
using System.Text;
using System.Xml;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Domain.Wiki;

namespace GeminiWiki.Domain.Feeds;

/// <summary>
/// An Atom (RFC 4287) feed of recent changes with absolute gemini:// links. Written with
/// <see cref="XmlWriter"/>, so page names and authors are always escaped correctly.
/// </summary>
public static class AtomFeed
{
    public const string MimeType = "application/atom+xml; charset=utf-8";
    public const string Namespace = "http://www.w3.org/2005/Atom";

    /// <param name="baseUrl">"gemini://host[:port]", without a trailing slash.</param>
    /// <param name="title">The wiki's title.</param>
    /// <param name="changes">Newest first.</param>
    /// <param name="now">The feed's updated time when there are no changes.</param>
    /// <param name="links">The space's links (the default space's when null).</param>
    public static byte[] Build(string baseUrl, string title, IReadOnlyList<RevisionSummary> changes, DateTimeOffset now, WikiLinks? links = null)
    {
        links ??= WikiLinks.Root;
        return Build(baseUrl, title, changes.Select(change => WikiChange.FromPage(change, links)).ToList(), now, links);
    }

    /// <inheritdoc cref="Build(string, string, IReadOnlyList{RevisionSummary}, DateTimeOffset, WikiLinks?)"/>
    /// <param name="changes">Newest first, linked under the space's prefix already.</param>
    public static byte[] Build(string baseUrl, string title, IReadOnlyList<WikiChange> changes, DateTimeOffset now, WikiLinks links)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            NewLineChars = "\n",
        };
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", Namespace);
            xml.WriteElementString("title", Namespace, XmlSafe(title));
            xml.WriteElementString("id", Namespace, baseUrl + links.Main);
            xml.WriteElementString("updated", Namespace, Rfc3339(changes.Count > 0 ? changes[0].Time : now));
            WriteLink(xml, baseUrl + links.Atom, "self");
            WriteLink(xml, baseUrl + links.Changes, "alternate");
            xml.WriteStartElement("generator", Namespace);
            xml.WriteString("GeminiWiki");
            xml.WriteEndElement();

            foreach (var change in changes)
            {
                xml.WriteStartElement("entry", Namespace);
                xml.WriteElementString("title", Namespace, XmlSafe(change.IsDeletion ? $"{change.Name} (deleted)" : change.Name));
                // One id per revision, stable forever: the revision's own URL.
                xml.WriteElementString("id", Namespace, baseUrl + change.RevisionLink);
                xml.WriteElementString("updated", Namespace, Rfc3339(change.Time));
                WriteLink(xml, baseUrl + change.Link, "alternate");
                xml.WriteStartElement("author", Namespace);
                xml.WriteElementString("name", Namespace, XmlSafe(change.Author.Label));
                xml.WriteEndElement();
                xml.WriteElementString("summary", Namespace, XmlSafe(change.Summary));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>RFC 3339 in UTC with a "Z", e.g. 2026-11-23T17:40:05Z.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Escaping handles &lt; and &amp;, but some characters (most C0 controls, lone surrogates) cannot
    /// appear in XML at all; they are dropped rather than letting one odd name break the whole feed.
    /// </summary>
    internal static string XmlSafe(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                builder.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder.Append(text, i, 2);
                i++;
            }
        }

        return builder.ToString();
    }

    private static void WriteLink(XmlWriter xml, string href, string rel)
    {
        xml.WriteStartElement("link", Namespace);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
