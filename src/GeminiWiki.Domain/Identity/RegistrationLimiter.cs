using System.Net;

namespace GeminiWiki.Domain.Identity;

/// <summary>
/// Limits how many accounts one IP address creates per hour (a sliding window), so a script cannot
/// fill the database with accounts.
/// </summary>
public sealed class RegistrationLimiter(TimeProvider time)
{
    private readonly AddressWindow _recent = new(time, TimeSpan.FromHours(1));

    /// <summary>Null when <paramref name="address"/> may create an account now; otherwise how long to wait.</summary>
    public TimeSpan? RetryAfter(IPAddress? address, int perHour) => _recent.RetryAfter(address, perHour);

    public void Record(IPAddress? address) => _recent.Record(address);
}
