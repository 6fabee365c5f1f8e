using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>
/// The month of a tier on <see cref="MonthlyWindow.BillingPeriod"/>: one fixed window per billing period of the account,
/// from its anchor to the same instant a month later (UTC, month ends clamped), on Redis's clock. Instances whose
/// clocks disagree count into the same period, even at its boundary; it resets exactly at the period's end.
/// </summary>
public sealed class BillingPeriodWindowTests : RedisTestBase
{
    // Start is 2 June 2025: this anchor's period runs 31 May 09:12 to 30 June 09:12 (31 Jan, clamped in 30-day months).
    private static readonly DateTimeOffset Anchor = At("2025-01-31T09:12:00Z");
    private static readonly DateTimeOffset PeriodEnd = At("2025-06-30T09:12:00Z");
    private static readonly DateTimeOffset NextEnd = At("2025-07-31T09:12:00Z");

    private static readonly TierLimits Limits = new(PerHour: 1_000, PerDay: 10_000, PerMonth: 30)
    {
        MonthlyWindow = MonthlyWindow.BillingPeriod,
        PeriodAnchor = Anchor,
    };

    private readonly List<ServiceProvider> _instances = [];

    [TearDown]
    public async Task DisposeInstancesAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        _instances.Clear();
    }

    [Test]
    public async Task AcquireAsync_ThreeSkewedInstancesAtThePeriodEnd_NeverMoreThanTheLimitPerPeriod_ResetExactlyAtTheEnd()
    {
        Time.RequireRedis();
        // Ahead, on time and behind Redis: the one ahead already believes the next period has begun.
        var limiters = new[] { TimeSpan.FromMilliseconds(500), TimeSpan.Zero, TimeSpan.FromMilliseconds(-500) }
            .Select(offset => Instance(Time.WithOffset(offset)))
            .ToArray();
        var account = Ids.NewAccountId();

        Time.SetUtcNow(PeriodEnd - TimeSpan.FromMilliseconds(200));
        var before = await EachAsync(limiters, account, 15);
        Time.SetUtcNow(PeriodEnd - TimeSpan.FromMilliseconds(1));
        var justBefore = await EachAsync(limiters, account, 2);
        Time.SetUtcNow(PeriodEnd);
        var atTheEnd = await EachAsync(limiters, account, 15);
        var peek = await limiters[1].PeekAsync(account, Limits);

        Assert.Multiple(() =>
        {
            Assert.That(before.Admitted(), Is.EqualTo(30), "every instance counts into the period Redis's clock is in");
            Assert.That(before.Where(d => !d.Admitted).Select(d => d.RetryAfter), Is.All.EqualTo(TimeSpan.FromMilliseconds(200)),
                "a refused request waits exactly until the period's end");
            Assert.That(before.Where(d => d.Admitted).Select(d => Month(d).ResetAfter), Is.All.EqualTo(TimeSpan.FromMilliseconds(200)));
            Assert.That(justBefore.Admitted(), Is.Zero, "1 ms before the end nothing is freed");
            Assert.That(atTheEnd.Admitted(), Is.EqualTo(30), "at the end the count starts again, whole");
            Assert.That(Month(peek).Used, Is.EqualTo(30));
            Assert.That(Month(peek).ResetAfter, Is.EqualTo(NextEnd - PeriodEnd), "the next period ends at 31 July 09:12");
        });
    }

    [Test]
    public async Task AcquireAsync_AnchorOnTheLastOfJanuary_PeriodEndsOnTheLastOfFebruary()
    {
        Time.RequireRedis();
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = Limits with { PeriodAnchor = At("2026-01-31T09:12:00Z") };

        Time.SetUtcNow(At("2026-02-20T00:00:00Z"));
        var february = await limiter.AcquireManyAsync(account, 31, limits);
        Time.SetUtcNow(At("2026-02-28T09:11:59.999Z"));
        var early = await limiter.AcquireAsync(account, limits);
        Time.SetUtcNow(At("2026-02-28T09:12:00Z"));
        var march = await limiter.AcquireAsync(account, limits);

        Assert.Multiple(() =>
        {
            Assert.That(february.Admitted(), Is.EqualTo(30));
            Assert.That(february.Last().RetryAfter, Is.EqualTo(At("2026-02-28T09:12:00Z") - At("2026-02-20T00:00:00Z")),
                "31 January's period ends on 28 February, not in March");
            Assert.That(early.Admitted, Is.False);
            Assert.That(march.Admitted, Is.True);
            Assert.That(Month(march).Used, Is.EqualTo(1));
            Assert.That(Month(march).ResetAfter, Is.EqualTo(At("2026-03-31T09:12:00Z") - At("2026-02-28T09:12:00Z")),
                "and the next one on 31 March: counted from the anchor, not from the clamped day");
        });
    }

    [Test]
    public async Task AcquireAsync_PeriodState_IsTwoFieldsUnderItsOwnKeyLivingJustPastTheEnd()
    {
        Time.RequireRedis(); // the period is the one that holds Redis's time, which must stand at the test's
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();

        await limiter.AcquireManyAsync(account, 25, Limits);

        var key = RedisKeys.WindowCounts(account, LimitWindow.BillingPeriod);
        var fields = await Db.HashGetAllAsync(key);
        var ttl = await Db.KeyTimeToLiveAsync(key);
        Assert.Multiple(async () =>
        {
            Assert.That(fields.ToDictionary(f => f.Name.ToString(), f => (long)f.Value), Is.EqualTo(new Dictionary<string, long>
            {
                ["end"] = PeriodEnd.ToUnixTimeMilliseconds(),
                ["total"] = 25,
            }));
            Assert.That(ttl, Is.InRange(PeriodEnd - Start, PeriodEnd - Start + TimeSpan.FromMinutes(1)));
            Assert.That(await Db.KeyExistsAsync(RedisKeys.WindowCounts(account, LimitWindow.Month)), Is.False,
                "the sliding month's keys are never touched");
            Assert.That((await limiter.PeekAsync(account, Limits with { MonthlyWindow = MonthlyWindow.Sliding30Days })).Used(LimitWindow.Month),
                Is.Zero, "so a tier switched to the sliding month never reads the period's count as its own");
        });
    }

    [Test]
    public async Task AcquireAsync_UpgradeBetweenTwoBillingPeriodTiers_KeepsTheUsage()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var larger = Limits with { PerMonth = 50 };

        var small = await limiter.AcquireManyAsync(account, 35, Limits);
        var upgraded = await limiter.AcquireManyAsync(account, 25, larger);

        Assert.Multiple(() =>
        {
            Assert.That(small.Admitted(), Is.EqualTo(30));
            Assert.That(upgraded.Admitted(), Is.EqualTo(20), "the 30 of the smaller tier still count in the period");
            Assert.That(Month(upgraded.Last()).Used, Is.EqualTo(50));
        });
    }

    [Test]
    public async Task AcquireAsync_AnchorMovesMidPeriod_CountIsKeptAndThePeriodNeverEndsEarlier()
    {
        Time.RequireRedis(); // the period is the one that holds Redis's time, which must stand at the test's
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        await limiter.AcquireManyAsync(account, 10, Limits);

        // A checkout today: the period now runs from now to 2 July.
        var later = await limiter.PeekAsync(account, Limits with { PeriodAnchor = Start });
        // An anchor whose period would end before the stored one (18 June): the stored end stands.
        var earlier = await limiter.PeekAsync(account, Limits with { PeriodAnchor = At("2025-05-18T00:00:00Z") });
        await limiter.AcquireAsync(account, Limits with { PeriodAnchor = Start });
        var moved = await limiter.PeekAsync(account, Limits with { PeriodAnchor = Start });

        Assert.Multiple(() =>
        {
            Assert.That(Month(later).Used, Is.EqualTo(10), "re-anchoring never gives quota back");
            Assert.That(Month(later).ResetAfter, Is.EqualTo(Start.AddMonths(1) - Start), "the period follows the later anchor");
            Assert.That(Month(earlier).Used, Is.EqualTo(10));
            Assert.That(Month(earlier).ResetAfter, Is.EqualTo(PeriodEnd - Start), "a period never ends before the one counted");
            Assert.That(Month(moved).Used, Is.EqualTo(11));
            Assert.That(Month(moved).ResetAfter, Is.EqualTo(Start.AddMonths(1) - Start), "once counted, the new end is stored");
        });
    }

    [Test]
    public async Task AcquireAsync_BillingPeriodThatBillsOverage_MetersPastTheLimitInThePeriod()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var metered = Limits with { Overage = OverageMode.Bill, OverageCap = 5 };

        var decisions = await limiter.AcquireManyAsync(account, 40, metered);

        var pending = (long)await Db.HashGetAsync(RedisKeys.AccountOverage(account), "pending");
        Assert.Multiple(() =>
        {
            Assert.That(decisions.Admitted(), Is.EqualTo(35), "30 in the period and the cap of 5 past it");
            Assert.That(pending, Is.EqualTo(5));
            Assert.That(decisions.Sum(d => d.OverageUnits), Is.EqualTo(5));
        });
    }

    [Test]
    public async Task AcquireAsync_RedisClockJumpsMonthsAhead_CountsInThePeriodRedisIsIn()
    {
        Time.RequireRedis();
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        await limiter.AcquireManyAsync(account, 30, Limits);

        // Only Redis's clock and this instance's move; the limiter's estimate of Redis's time is months behind.
        Time.SetUtcNow(At("2025-11-05T00:00:00Z"));
        var peek = await limiter.PeekAsync(account, Limits);
        var decision = await limiter.AcquireAsync(account, Limits);

        Assert.Multiple(() =>
        {
            Assert.That(Month(peek).Used, Is.Zero, "a later period starts at zero");
            Assert.That(Month(peek).ResetAfter, Is.EqualTo(At("2025-11-30T09:12:00Z") - At("2025-11-05T00:00:00Z")));
            Assert.That(decision.Admitted, Is.True);
        });
    }

    private IRateLimiter Instance(TimeProvider clock)
    {
        var services = CoreServices.Build(Redis, clock);
        _instances.Add(services);
        return services.GetRequiredService<IRateLimiter>();
    }

    /// <summary><paramref name="count"/> requests on every instance at once.</summary>
    private static async Task<LimitDecision[]> EachAsync(IRateLimiter[] limiters, string account, int count)
    {
        var decisions = await Task.WhenAll(limiters.SelectMany(limiter => Enumerable.Range(0, count)
            .Select(_ => Task.Run(() => limiter.AcquireAsync(account, Limits)))));
        return decisions;
    }

    private static WindowUsage Month(LimitDecision decision) => decision.Windows.Single(w => w.Window.FollowsBillingPeriod);

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
}
