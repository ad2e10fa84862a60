using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GeminiWiki.Protocol.Requests;
using GeminiWiki.Protocol.Responses;
using GeminiWiki.Protocol.Routing;

namespace GeminiWiki.Domain.Access;

/// <summary>
/// One-time confirmation tokens for state-changing routes. A token is an HMAC, with a secret kept in
/// the data folder, over the certificate's fingerprint, the action's path, the argument it confirms
/// (if any) and its expiry: useless with another certificate or for another action, gone after
/// <see cref="Lifetime"/>, and used up once it acted.
/// <list type="bullet">
/// <item>A request without a token (a link followed, perhaps one someone planted) is redirected to
/// a token URL for this visitor. If it named an argument (<c>/admin/promote?mallory</c>), that URL
/// asks "Type yes to promote mallory"; otherwise it serves the route's own prompt, so the answer
/// arrives with the token.</item>
/// <item>Only a request carrying a valid token acts.</item>
/// </list>
/// </summary>
public sealed class ActionTokens : IActionConfirmation<Visitor>
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const byte Version = 1;
    private const int MacBytes = 16;
    private const int HeaderBytes = 1 + 8 + 8;
    private const int MaxUsedKept = 100_000;

    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);

    public ActionTokens(byte[] secret, TimeProvider time)
    {
        if (secret.Length < 32)
        {
            throw new ArgumentException("The confirmation secret needs at least 32 bytes.", nameof(secret));
        }

        _secret = secret;
        _time = time;
    }

    public ConfirmationOutcome<Visitor> Check(WikiCall call, string actionPath, string? token, Func<string, string> describe)
    {
        if (call.Visitor.Fingerprint is not { } fingerprint)
        {
            // Every state-changing route needs a certificate; the gate has answered before this.
            return ConfirmationOutcome<Visitor>.Respond(RefusalMessages.CertificateRequired);
        }

        var request = call.Request;
        string? answer = null;
        if (!string.IsNullOrEmpty(request.Query))
        {
            if (request.DecodedQuery is not { } decoded)
            {
                return ConfirmationOutcome<Visitor>.Respond(GeminiResponse.BadRequest("The query is not valid percent-encoded UTF-8"));
            }

            answer = string.IsNullOrWhiteSpace(decoded) ? null : decoded;
        }

        if (token is null)
        {
            // Whatever the link asked for is only a proposal until this visitor confirms it.
            return ConfirmationOutcome<Visitor>.Respond(GeminiResponse.Redirect(actionPath + "/" + Issue(fingerprint, actionPath, answer?.Trim())));
        }

        if (Read(token, fingerprint, actionPath) is not { } confirmed)
        {
            return ConfirmationOutcome<Visitor>.Respond(GeminiResponse.BadRequest(
                $"This confirmation link is not for you, has expired or was already used; start again at {actionPath}"));
        }

        if (confirmed.Argument is { } argument)
        {
            if (answer is null || !string.Equals(answer.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
            {
                return ConfirmationOutcome<Visitor>.Respond(GeminiResponse.Input($"Type yes to {describe(argument)}"));
            }

            var withArgument = call with { Request = request with { Query = PercentEncoding.EncodeQuery(argument) } };
            return ConfirmationOutcome<Visitor>.Act(withArgument, _ => Use(confirmed));
        }

        // The route's own prompt, served under the token URL: its answer is the argument. A token is
        // used up once the route acted on an answer, not while it is still asking.
        return ConfirmationOutcome<Visitor>.Act(call, response =>
        {
            if (answer is not null && response.Status is not (GeminiStatus.Input or GeminiStatus.SensitiveInput))
            {
                Use(confirmed);
            }
        });
    }

    /// <summary>A token for <paramref name="fingerprint"/> to act on <paramref name="actionPath"/>, confirming <paramref name="argument"/> if given.</summary>
    public string Issue(Identity.Fingerprint fingerprint, string actionPath, string? argument)
    {
        var argumentBytes = argument is null ? [] : Encoding.UTF8.GetBytes(argument);
        var token = new byte[HeaderBytes + argumentBytes.Length + MacBytes];
        token[0] = argument is null ? Version : (byte)(Version | 0x80);
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(1), (_time.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        RandomNumberGenerator.Fill(token.AsSpan(9, 8));
        argumentBytes.CopyTo(token.AsSpan(HeaderBytes));
        var payload = token.AsSpan(0, token.Length - MacBytes);
        Mac(fingerprint, actionPath, payload, token.AsSpan(payload.Length));
        return Base64Url.EncodeToString(token);
    }

    private Confirmed? Read(string token, Identity.Fingerprint fingerprint, string actionPath)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length < HeaderBytes + MacBytes || (bytes[0] & 0x7F) != Version)
        {
            return null;
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacBytes);
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(fingerprint, actionPath, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(payload.Length)))
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload[1..]));
        var key = Base64Url.EncodeToString(bytes.AsSpan(payload.Length));
        if (_time.GetUtcNow() >= expires || _used.ContainsKey(key))
        {
            return null;
        }

        var argument = (bytes[0] & 0x80) != 0 ? Encoding.UTF8.GetString(payload[HeaderBytes..]) : null;
        return new Confirmed(key, expires, argument);
    }

    private void Use(Confirmed confirmed)
    {
        if (_used.Count >= MaxUsedKept)
        {
            var now = _time.GetUtcNow();
            foreach (var (key, expires) in _used)
            {
                if (expires <= now)
                {
                    _used.TryRemove(key, out _);
                }
            }
        }

        _used[confirmed.Key] = confirmed.Expires;
    }

    private void Mac(Identity.Fingerprint fingerprint, string actionPath, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var subject = Encoding.UTF8.GetBytes(fingerprint.Hex + "\n" + actionPath + "\n");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        hmac.AppendData(subject);
        hmac.AppendData(payload);
        Span<byte> full = stackalloc byte[SHA256.HashSizeInBytes];
        hmac.GetHashAndReset(full);
        full[..destination.Length].CopyTo(destination);
    }

    private sealed record Confirmed(string Key, DateTimeOffset Expires, string? Argument);
}
