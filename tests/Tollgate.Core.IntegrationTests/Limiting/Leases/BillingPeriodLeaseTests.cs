using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Limiting;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting.Leases;

/// <summary>
/// Permit leases take and return permits in the sliding month's buckets: a tier whose month is the billing period is
/// never leased, each of its requests is one call of the plain limiter.
/// </summary>
public sealed class BillingPeriodLeaseTests : RedisTestBase
{
    [Test]
    public async Task AcquireAsync_TierOnTheBillingPeriod_IsNotLeased_EachRequestCountedInThePeriodByItsOwnCall()
    {
        await using var services = CoreServices.Build(Redis, Time,
        [
            new("Limits:Leases:Enabled", "true"),
        ]);
        var limiter = services.GetRequiredService<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = new TierLimits(10_000, 100_000, 1_000_000) { MonthlyWindow = MonthlyWindow.BillingPeriod, PeriodAnchor = Start };
        var before = await Redis.ScriptCallsAsync();

        for (var i = 0; i < 30; i++)
        {
            Assert.That((await limiter.AcquireAsync(account, limits)).Admitted, Is.True);
        }

        var calls = await Redis.ScriptCallsAsync() - before;
        var peek = await limiter.PeekAsync(account, limits);
        Assert.Multiple(() =>
        {
            // A lease would serve most of them without a call; at least 30 (a shared Cluster may count another client's call too).
            Assert.That(calls, Is.GreaterThanOrEqualTo(30), "one call per request: no lease");
            Assert.That(peek.Used(LimitWindow.Hour), Is.EqualTo(30), "no lease's permits held");
            Assert.That(peek.Used(LimitWindow.BillingPeriod), Is.EqualTo(30));
        });
    }
}
