using System.Net;

namespace GeminiWiki.Domain.Identity;

/// <summary>
/// Limits wrong link codes per remote address (a sliding window), so one client cannot walk the
/// code space. IPv6 addresses count per /64, the block one host usually holds. Together with the
/// store withdrawing a code that has waited through too many wrong guesses
/// (<see cref="ILinkCodes.WrongGuessesTolerated"/>), this bounds what many addresses achieve too.
/// </summary>
public sealed class LinkCodeGuesses(TimeProvider time)
{
    /// <summary>Wrong codes one address may enter per <see cref="Window"/>; the next attempt is answered 44.</summary>
    public const int WrongCodesPerAddress = 5;

    public static readonly TimeSpan Window = ILinkCodes.Lifetime;

    private readonly AddressWindow _wrong = new(time, Window, groupIPv6Networks: true);

    /// <summary>
    /// Null when <paramref name="address"/> may try a code now; otherwise how long to wait. Asked
    /// before the code is looked up, so the answer is the same for a right and a wrong code.
    /// </summary>
    public TimeSpan? RetryAfter(IPAddress? address) => _wrong.RetryAfter(address, WrongCodesPerAddress);

    public void RecordWrongCode(IPAddress? address) => _wrong.Record(address);
}
