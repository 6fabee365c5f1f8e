using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Gateway.Protection;

namespace Tollgate.Gateway.UnitTests.Protection;

public sealed class AuthFailureThrottleTests
{
    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.7");

    [Test]
    public void FailuresPastTheBurst_RefuseThatAddressOnly_ForOneReplenishmentPeriod()
    {
        var time = new FakeTimeProvider();
        using var throttle = Create(new AuthFailureLimitOptions { Burst = 3, PerMinute = 6 }, time);

        var refusedDuringBurst = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            throttle.RecordFailure(Client);
            refusedDuringBurst.Add(throttle.IsRefused(Client, out _));
        }
        throttle.RecordFailure(Client);

        Assert.Multiple(() =>
        {
            Assert.That(refusedDuringBurst, Is.All.False);
            Assert.That(throttle.IsRefused(Client, out var retryAfter), Is.True);
            Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(10)), "one failure is earned back every 60/6 s");
            Assert.That(throttle.IsRefused(IPAddress.Parse("203.0.113.8"), out _), Is.False);
        });
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(throttle.IsRefused(Client, out _), Is.False, "the refusal ends when a failure is due again");
    }

    [Test]
    public void Disabled_NeverRefuses()
    {
        using var throttle = Create(new AuthFailureLimitOptions { Enabled = false, Burst = 1 }, new FakeTimeProvider());
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure(Client);
        }
        Assert.That(throttle.IsRefused(Client, out _), Is.False);
    }

    [Test]
    public void ManyRefusedAddresses_StayBounded()
    {
        using var throttle = Create(new AuthFailureLimitOptions { Burst = 1, PerMinute = 1, MaxBlockedAddresses = 10 }, new FakeTimeProvider());
        for (var i = 0; i < 50; i++)
        {
            var address = IPAddress.Parse($"198.51.100.{i}");
            throttle.RecordFailure(address);
            throttle.RecordFailure(address);
        }
        Assert.That(throttle.IsRefused(IPAddress.Parse("198.51.100.49"), out _), Is.True, "the latest refusal is kept");
    }

    private static AuthFailureThrottle Create(AuthFailureLimitOptions options, TimeProvider time) =>
        new(Options.Create(options), time, NullLogger<AuthFailureThrottle>.Instance);
}
