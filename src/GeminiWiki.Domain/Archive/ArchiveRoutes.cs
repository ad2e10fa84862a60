using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Spaces;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Archive;

/// <summary>
/// /do/data: a tar.gz of the current pages and files, for admins, or for everyone who may read
/// when Wiki:PublicArchive is true. An archive that is cached, or built within a few seconds, is
/// answered at once: Gemini clients show a 44 as an error and few retry by themselves, so a small
/// wiki should never see one. A big wiki's first request starts the build and gets 44 with the
/// seconds to wait; the build goes on in the background and the next request gets the file.
/// Each space has its own, at its mount, under its read policy when public.
/// </summary>
public sealed class ArchiveRoutes(SpaceMount mount, ArchiveCache cache, bool isPublic, TimeProvider time) : IRouteModule<Visitor>
{
    /// <summary>How long a request waits for a build before it is told to come back.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    /// <summary>The wait a 44 asks for.</summary>
    public const int RetryAfterSeconds = 10;

    private static readonly RouteTemplate Data = RouteTemplate.Parse("/do/data");

    public string Link => mount.Prefix.TrimEnd('/') + Data.Link();

    public void MapRoutes(RouteTable<Visitor> routes) =>
        routes.Under(mount.Prefix, mount.Realm).Map(Data, isPublic ? RouteAccess.Read : RouteAccess.Admin, DataAsync);

    private async ValueTask<GeminiResponse> DataAsync(WikiCall call, CancellationToken cancellationToken)
    {
        var build = cache.CurrentAsync();
        try
        {
            if (!build.IsCompleted)
            {
                await build.WaitAsync(AnswerWithin, time, cancellationToken).ConfigureAwait(false);
            }

            var archive = await build.ConfigureAwait(false);
            return GeminiResponse.File(WikiArchive.MimeType, archive.Path);
        }
        catch (TimeoutException)
        {
            return GeminiResponse.SlowDown(RetryAfterSeconds);
        }
        catch (StorageFullException ex)
        {
            return GeminiResponse.TemporaryFailure(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return GeminiResponse.TemporaryFailure("The archive could not be written on the server; an admin can see why in the log. Please try again later");
        }
    }
}
