using System.Net;
using GeminiWiki.Domain.Identity;
using Microsoft.Extensions.Time.Testing;

namespace GeminiWiki.Domain.Tests.Identity;

public sealed class RegistrationLimiterTests
{
    [Fact]
    public void An_address_waits_until_its_oldest_registration_leaves_the_hour()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var limiter = new RegistrationLimiter(time);
        var address = IPAddress.Parse("192.0.2.1");

        limiter.Record(address);
        time.Advance(TimeSpan.FromMinutes(20));
        limiter.Record(address);

        Assert.Equal(TimeSpan.FromMinutes(40), limiter.RetryAfter(address, perHour: 2));
        Assert.Null(limiter.RetryAfter(IPAddress.Parse("192.0.2.2"), perHour: 2));
        Assert.Equal(TimeSpan.FromMinutes(40), limiter.RetryAfter(IPAddress.Parse("::ffff:192.0.2.1"), perHour: 2));

        time.Advance(TimeSpan.FromMinutes(40));
        Assert.Null(limiter.RetryAfter(address, perHour: 2));
    }
}
