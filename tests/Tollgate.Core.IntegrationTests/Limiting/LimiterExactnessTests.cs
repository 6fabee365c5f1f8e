using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>Never over-admit: whatever the concurrency and the number of instances, no window admits more than its limit.</summary>
public sealed class LimiterExactnessTests : RedisTestBase
{
    [Test]
    public async Task AcquireAsync_200ConcurrentForOneAccount_AdmitsExactlyHourlyLimit()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();

        var decisions = await limiter.AcquireManyAsync(account, 200, LimitsOf("free"));

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Admitted(), Is.EqualTo(60));
            Assert.That(decisions.Where(d => !d.Admitted).Select(d => d.Tightest.Window), Is.All.EqualTo(LimitWindow.Hour));
        });
        var after = await limiter.PeekAsync(account, LimitsOf("free"));
        Assert.That(after.Used(LimitWindow.Hour), Is.EqualTo(60));
    }

    [Test]
    public async Task AcquireAsync_200ConcurrentFromThreeInstances_AdmitsExactlyHourlyLimit()
    {
        // Three service providers, three multiplexers, three connections: three gateway instances on one Redis, each
        // hearing the lease channel as a gateway does.
        List<StartedCoreServices> instances = [];
        for (var i = 0; i < 3; i++)
        {
            instances.Add(await CoreServices.StartAsync(Redis, Time, [new("Limits:InstanceCount", "3")]));
        }
        try
        {
            var limiters = instances.Select(i => i.Get<IRateLimiter>()).ToList();
            var account = Ids.NewAccountId();
            var limits = LimitsOf("free");

            var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
                Task.Run(() => limiters[i % limiters.Count].AcquireAsync(account, limits, $"key_instance{i % limiters.Count}"))));

            Assert.That(decisions.Admitted(), Is.EqualTo(60));
            var usage = await Db.HashGetAllAsync(RedisKeys.DailyUsage(account, EpochDay.Of(Start)));
            Assert.That(usage.Sum(e => (long)e.Value), Is.EqualTo(60), "per-key usage counts exactly the admitted requests");
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task AcquireAsync_ConcurrentAcrossKeysOfOneAccount_SharesTheAccountLimit()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");

        var decisions = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => limiter.AcquireAsync(account, limits, $"key_{i % 5}")));

        Assert.That(decisions.Admitted(), Is.EqualTo(60));
        var usage = await Db.HashGetAllAsync(RedisKeys.DailyUsage(account, EpochDay.Of(Start)));
        Assert.That(usage.Sum(e => (long)e.Value), Is.EqualTo(60));
    }

    [Test]
    public async Task AcquireAsync_OtherAccountAtItsLimit_DoesNotAffectThisAccount()
    {
        var limiter = Get<IRateLimiter>();
        var limits = LimitsOf("free");
        var busy = Ids.NewAccountId();
        await limiter.AcquireManyAsync(busy, 100, limits);

        var decisions = await limiter.AcquireManyAsync(Ids.NewAccountId(), 60, limits);

        Assert.That(decisions.Admitted(), Is.EqualTo(60));
    }

    [Test]
    public async Task AcquireAsync_DayLimitReachedAcrossHours_AdmitsExactlyDailyLimit()
    {
        // Free: 60 an hour, 1,000 a day. Each round starts once the previous round's minute bucket has left
        // the hour window, so only the day window can stop the 17th round.
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        var admittedPerRound = new List<int>();
        LimitDecision? last = null;

        for (var round = 0; round < 20; round++)
        {
            var decisions = await limiter.AcquireManyAsync(account, 100, limits);
            admittedPerRound.Add(decisions.Admitted());
            last = decisions.Last(d => !d.Admitted);
            Time.Advance(TimeSpan.FromMinutes(61));
        }

        Assert.Multiple(() =>
        {
            Assert.That(admittedPerRound.Sum(), Is.EqualTo(1_000));
            Assert.That(admittedPerRound.Take(16), Is.All.EqualTo(60));
            Assert.That(admittedPerRound[16], Is.EqualTo(40));
            Assert.That(admittedPerRound.Skip(17), Is.All.Zero);
            Assert.That(last!.Tightest.Window, Is.EqualTo(LimitWindow.Day));
            // The first round's 15-minute bucket leaves the day window at 24 h 15 min; the last round ran at 19 h 19 min.
            Assert.That(last.RetryAfter, Is.EqualTo(TimeSpan.FromHours(24.25) - TimeSpan.FromMinutes(61 * 19)));
        });
    }

    [Test]
    public async Task AcquireAsync_RandomTraffic_NeverAdmitsMoreThanLimitInAnyHour()
    {
        // Property check over irregular timing: every admitted request sees at most 60 admitted in the hour
        // before it (never over-admit), and a refusal only happens when the hour plus one bucket holds 60 (the
        // documented one-bucket precision).
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        var random = new Random(20250602);
        var admitted = new List<long>();
        var overAdmitted = new List<string>();
        var refusedTooEarly = new List<string>();
        var hour = (long)LimitWindow.Hour.Length.TotalMilliseconds;
        var bucket = (long)LimitWindow.Hour.BucketSize.TotalMilliseconds;

        for (var i = 0; i < 3_000; i++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 20_000)));
            var now = Time.GetUtcNow().ToUnixTimeMilliseconds();
            var decision = await limiter.AcquireAsync(account, limits);
            if (decision.Admitted)
            {
                admitted.Add(now);
                var inHour = admitted.Count(t => t > now - hour);
                if (inHour > 60)
                {
                    overAdmitted.Add($"{now}: {inHour}");
                }
            }
            else if (admitted.Count(t => t > now - hour - bucket) < 60)
            {
                refusedTooEarly.Add($"{now}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(overAdmitted, Is.Empty);
            Assert.That(refusedTooEarly, Is.Empty);
            Assert.That(admitted, Has.Count.GreaterThan(300), "the traffic must actually push against the limit");
        });
    }
}
