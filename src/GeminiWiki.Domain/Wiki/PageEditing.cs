using System.Text;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Files;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Pages;
using GeminiWiki.Protocol.Gemtext;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Wiki;

/// <summary>
/// Changing pages: Titan uploads to /raw/&lt;name&gt; (the way Gemini wikis are edited) and, for
/// clients without Titan, input prompts to create a page or append lines to it. Who may edit is
/// declared on the routes; these only see visitors who may.
/// </summary>
internal sealed class PageEditing(IPageStore store, WikiOptions options, WikiResponses pages, RouteParameter<PageName> pageName)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly GeminiResponse _uploadsGoToRaw =
        GeminiResponse.BadRequest($"Uploads are accepted at titan://host{pages.Links.RawPrefix}<page name> and titan://host{new FileLinks(pages.Links.Prefix).UploadPrefix}<name> only");

    public GeminiResponse UploadElsewhere(WikiCall call) => _uploadsGoToRaw;

    public async ValueTask<GeminiResponse> UploadAsync(WikiCall call, CancellationToken cancellationToken)
    {
        // Everything that can refuse the upload is checked before a single body byte is read.
        if (call.Values.Has(WikiRoutes.Revision))
        {
            return GeminiResponse.BadRequest($"Upload to {pages.Links.RawPrefix}<page name>, without a revision number: old revisions never change");
        }

        var name = call.Values.Get(pageName);
        if (call.Request.Titan is not { } parameters || call.Request.Body is not { } body)
        {
            return GeminiResponse.BadRequest("A Titan upload needs ;size=<bytes> after the page name");
        }

        var decision = TitanUploadRules.Check(parameters, options.MaxPageBytes, options.TitanToken);
        if (decision.Refusal is { } rejected)
        {
            return rejected;
        }

        var author = AuthorOf(call.Visitor);
        if (parameters.Size == 0)
        {
            var deleted = await store.DeleteAsync(name, author, cancellationToken).ConfigureAwait(false);
            return deleted.Result == SaveResult.NothingToDelete && store.Find(name) is null
                ? GeminiResponse.NotFound($"There is no page '{name.Value}' to delete (an empty upload deletes a page)")
                : Redirect(call, name);
        }

        var bytes = await body.ReadExactlyAsync((int)parameters.Size, cancellationToken).ConfigureAwait(false);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            return GeminiResponse.BadRequest("The upload is not valid UTF-8 text; nothing was saved");
        }

        await store.SaveAsync(name, text, decision.Format, author, cancellationToken).ConfigureAwait(false);
        return Redirect(call, name);
    }

    public GeminiResponse NewPage(WikiCall call)
    {
        if (WikiResponses.QueryOrPrompt(call, "Name of the new page", out var answer) is { } prompt)
        {
            return prompt;
        }

        if (!PageName.TryParse(answer, options.MaxNameLength, out var name, out var problem))
        {
            return GeminiResponse.Input($"{problem}. Name of the new page");
        }

        return GeminiResponse.Redirect(pages.Links.Edit(name));
    }

    public GeminiResponse EditInstructions(WikiCall call)
    {
        var name = call.Values.Get(pageName);
        var current = store.Find(name);
        var shown = current?.Name ?? name;
        var builder = new GemtextBuilder().Heading($"Editing {shown.Value}");
        builder.Text(current switch
        {
            null => "This page doesn't exist yet: the first text you save creates it.",
            { IsDeleted: true } => $"This page was deleted in revision {current.Revision}: saving a text brings it back.",
            _ => $"This page is at revision {current.Revision}; every save adds a revision and nothing is lost.",
        });
        builder.Text(call.Visitor switch
        {
            { AccountName: { } account } => $"You are editing as {account}.",
            { HasCertificate: true } => "Your client certificate is active but not linked to an account; register it to edit.",
            _ => "Editing needs a client certificate (an identity) registered on this wiki. Make one, activate it for the whole capsule, then register.",
        });

        builder.Blank().Heading("With Titan", 2)
            .Text("Clients such as Lagrange upload a whole new text with Titan: open the link below, write or paste the text, and send it.")
            .Text($"Text types: text/gemini, text/markdown or text/plain, UTF-8, at most {options.MaxPageBytes} bytes. An empty upload deletes the page.");
        if (!string.IsNullOrEmpty(options.TitanToken))
        {
            builder.Text("This wiki also asks for a token with each upload: enter the one you were given in your client's Titan token field.");
        }

        builder.Link(pages.Links.Titan(call.Request.BaseUrl, shown), $"Edit {shown.Value} with Titan");
        if (current is { IsDeleted: false })
        {
            builder.Link(pages.Links.Raw(shown), "The current text, to copy before editing");
        }

        builder.Blank().Heading("With input prompts", 2)
            .Text("Any client can add lines to the end of a page: you are asked for the text, and each answer is appended as new lines. "
                + "A Gemini request is at most 1024 bytes, so keep each answer short (a few hundred characters) and use Titan for longer texts.")
            .Link(pages.Links.Append(shown), $"Append to {shown.Value}")
            .Blank()
            .Link(pages.Links.Page(shown), shown.Value);
        if (PageName.TryParse("Help", int.MaxValue, out var help, out _))
        {
            builder.Link(pages.Links.Page(help), "Help: identities, registering and editing");
        }

        return pages.Gemtext(builder);
    }

    public async ValueTask<GeminiResponse> AppendAsync(WikiCall call, CancellationToken cancellationToken)
    {
        var name = call.Values.Get(pageName);
        if (WikiResponses.QueryOrPrompt(call, $"Text to append to {name.Value} (short; it becomes new lines at the end)", out var answer) is { } prompt)
        {
            return prompt;
        }

        // DecodedQuery has turned %0A and %0D%0A into line breaks; the store makes them all LF.
        try
        {
            await store.AppendAsync(name, answer, AuthorOf(call.Visitor), cancellationToken).ConfigureAwait(false);
        }
        catch (DamagedRevisionException damage)
        {
            return pages.Damaged(damage);
        }

        return Redirect(call, name);
    }

    private static PageAuthor AuthorOf(Visitor visitor) => new(visitor.AuthorLabel, visitor.Fingerprint?.Hex);

    private GeminiResponse Redirect(WikiCall call, PageName name) =>
        GeminiResponse.Redirect(call.Request.BaseUrl + pages.Links.Page(name));
}
