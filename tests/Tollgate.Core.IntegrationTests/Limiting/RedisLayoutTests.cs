using StackExchange.Redis;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>What the limiter leaves in Redis: tagged keys on one slot, per-key daily usage, and nothing that lives forever.</summary>
public sealed class RedisLayoutTests : RedisTestBase
{
    [Test]
    public async Task AcquireAsync_Always_WritesOnlyKeysTaggedWithTheAccount()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        await limiter.AcquireManyAsync(account, 3, limits, "key_a");
        await limiter.AcquireManyAsync(account, 2, limits, "key_b");
        await limiter.AcquireManyAsync(account, 100, limits, "key_c"); // mostly refused
        await limiter.PeekAsync(account, limits);

        var keys = await Redis.KeysAsync("*");

        Assert.Multiple(() =>
        {
            // Two keys per window (buckets, counts), the day's usage and, with permit leases (on by default), the hash
            // that marks the account's live leases.
            Assert.That(keys, Has.Count.EqualTo(LimitWindow.All.Count * 2 + 2));
            Assert.That(keys, Does.Contain(RedisKeys.AccountLeases(account)));
            Assert.That(keys.Select(k => k.ToString()), Is.All.Contain("{" + account + "}"));
            // Same hash tag, same Redis Cluster slot: the one script may touch them all.
            Assert.That(keys.Select(k => Redis.Multiplexer.HashSlot(k)).Distinct().Count(), Is.EqualTo(1));
        });
        var byPattern = await Redis.KeysAsync(RedisKeys.AccountPattern(account));
        Assert.That(byPattern, Is.EquivalentTo(keys), "AccountPattern finds every key of the account");
    }

    [Test]
    public async Task AcquireAsync_AdmittedRequests_CountedPerKeyInDailyUsage()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        Time.Advance(TimeSpan.FromHours(13));

        await limiter.AcquireManyAsync(account, 25, limits, "key_first");
        await limiter.AcquireManyAsync(account, 10, limits, "key_second");
        await limiter.AcquireManyAsync(account, 40, limits, "key_third"); // only 25 fit in the hour

        var usage = await Db.HashGetAllAsync(RedisKeys.DailyUsage(account, EpochDay.Of(Time.GetUtcNow())));
        Assert.That(usage.ToDictionary(e => e.Name.ToString(), e => (long)e.Value), Is.EquivalentTo(new Dictionary<string, long>
        {
            ["key_first"] = 25,
            ["key_second"] = 10,
            ["key_third"] = 25,
        }));
    }

    [Test]
    public async Task AcquireAsync_AcrossUtcMidnight_CountsUsageOnEachDay()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        var day = EpochDay.Of(Start);
        Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1)); // 23:59

        await limiter.AcquireManyAsync(account, 3, limits, "key_k");
        Time.Advance(TimeSpan.FromMinutes(2)); // 00:01 next day
        await limiter.AcquireManyAsync(account, 4, limits, "key_k");

        var before = await Db.HashGetAsync(RedisKeys.DailyUsage(account, day), "key_k");
        var after = await Db.HashGetAsync(RedisKeys.DailyUsage(account, day + 1), "key_k");
        var peek = await limiter.PeekAsync(account, limits);
        Assert.Multiple(() =>
        {
            Assert.That((long)before, Is.EqualTo(3));
            Assert.That((long)after, Is.EqualTo(4));
            Assert.That(peek.Used(LimitWindow.Hour), Is.EqualTo(7), "the windows slide across midnight, unlike the usage days");
        });
    }

    [Test]
    public async Task AcquireAsync_Admitted_EveryKeyExpires()
    {
        // Memory stays bounded even for accounts that go quiet: nothing the limiter writes lives forever.
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        await limiter.AcquireAsync(account, LimitsOf("free"));

        var ttls = new Dictionary<string, TimeSpan?>();
        foreach (var key in await Redis.KeysAsync(RedisKeys.AccountPattern(account)))
        {
            ttls[key.ToString()] = await Db.KeyTimeToLiveAsync(key);
        }

        Assert.Multiple(() =>
        {
            foreach (var window in LimitWindow.All)
            {
                foreach (var key in (RedisKey[])[RedisKeys.WindowBuckets(account, window), RedisKeys.WindowCounts(account, window)])
                {
                    Assert.That(ttls.GetValueOrDefault(key.ToString()), Is.Not.Null.And.InRange(window.Length, window.Length + window.BucketSize), key.ToString());
                }
            }
            var usage = RedisKeys.DailyUsage(account, EpochDay.Of(Start)).ToString();
            Assert.That(ttls.GetValueOrDefault(usage), Is.Not.Null.And.InRange(TimeSpan.FromDays(89), TimeSpan.FromDays(90)), usage);
            Assert.That(ttls, Has.Count.EqualTo(7));
        });
    }

    [Test]
    public async Task AcquireAsync_WindowWrittenBeforeTheHashKeptItsOldestBucket_StillSlides()
    {
        // What an earlier version left: an hour whose only bucket, two hours old, holds 60 requests, and a count
        // hash with "total" but no "oldest" (and no expiry). The bucket is two hours before Redis's time.
        Time.RequireRedis();
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var bucket = Time.GetUtcNow().AddHours(-2).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Db.SortedSetAddAsync(RedisKeys.WindowBuckets(account, LimitWindow.Hour), bucket, double.Parse(bucket, System.Globalization.CultureInfo.InvariantCulture));
        await Db.HashSetAsync(RedisKeys.WindowCounts(account, LimitWindow.Hour), [new HashEntry(bucket, 60), new HashEntry("total", 60)]);

        var decision = await limiter.AcquireAsync(account, LimitsOf("free"));

        Assert.Multiple(() =>
        {
            Assert.That(decision.Admitted, Is.True, "the old bucket has left the hour");
            Assert.That(decision.Used(LimitWindow.Hour), Is.EqualTo(1));
        });
    }
}
