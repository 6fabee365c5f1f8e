using System.Text.Json;
using StackExchange.Redis;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>
/// <c>usage.threshold</c> and <c>usage.limited</c> events, written by the limiter call itself to the account's outbox
/// stream when the account has webhook endpoints: once per threshold and window period. Read from the stream directly.
/// </summary>
public sealed class UsageEventTests : RedisTestBase
{
    [Test]
    public async Task AcquireAsync_CrossingEightyAndHundredPercent_WritesEachThresholdOnceWithItsNumbers()
    {
        var limiter = Get<IRateLimiter>();
        var account = await ListeningAccountAsync();
        var limits = LimitsOf("free");

        await limiter.AcquireManyAsync(account, 47, limits);
        Assert.That(await EventsAsync(account), Is.Empty, "47 of 60 is below 80%");
        await limiter.AcquireManyAsync(account, 20, limits);  // to 60: crosses 48 and 60, then 7 refused

        var events = await EventsAsync(account);
        var thresholds = events.Where(e => e.Type == "usage.threshold").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(thresholds.Select(e => (e.Data.GetProperty("window").GetString(), e.Data.GetProperty("percent").GetInt32())),
                Is.EquivalentTo(new[] { ("hour", 80), ("hour", 100) }));
            Assert.That(thresholds.Select(e => e.Data.GetProperty("limit").GetInt64()), Is.All.EqualTo(60));
            Assert.That(thresholds.Select(e => e.Data.GetProperty("used").GetInt64()), Is.All.InRange(48, 60));
            // Stamped with Redis's time: the test's own where the clock can be set, else the real one (Redis Cluster).
            var redisNow = Time.MovesRedis ? Start.ToUnixTimeMilliseconds() : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Assert.That(events.Select(e => e.At), Is.All.InRange(redisNow - (Time.MovesRedis ? 0 : 60_000), redisNow), "stamped with Redis's time");
        });
    }

    [Test]
    public async Task AcquireAsync_FirstRefusalOfAWindow_WritesOneLimitedEventWithTheWait()
    {
        Time.RequireRedis();
        var limiter = Get<IRateLimiter>();
        var account = await ListeningAccountAsync();
        var limits = LimitsOf("free");
        await limiter.AcquireManyAsync(account, 60, limits);

        for (var i = 0; i < 5; i++)
        {
            await limiter.AcquireAsync(account, limits);
        }

        var limited = (await EventsAsync(account)).Where(e => e.Type == "usage.limited").ToList();
        Assert.That(limited, Has.Count.EqualTo(1), "the first refusal only");
        Assert.Multiple(() =>
        {
            Assert.That(limited[0].Data.GetProperty("window").GetString(), Is.EqualTo("hour"));
            Assert.That(limited[0].Data.GetProperty("limit").GetInt64(), Is.EqualTo(60));
            Assert.That(limited[0].Data.GetProperty("retry_after_seconds").GetInt64(), Is.EqualTo(3_660));
        });
    }

    [Test]
    public async Task AcquireAsync_ThresholdsAgainInTheNextWindowPeriod_FireAgain()
    {
        Time.RequireRedis();
        var limiter = Get<IRateLimiter>();
        var account = await ListeningAccountAsync();
        var limits = LimitsOf("free");
        await limiter.AcquireManyAsync(account, 50, limits);
        Time.Advance(TimeSpan.FromMinutes(62)); // the 50 have left the hour and the markers have expired

        await limiter.AcquireManyAsync(account, 50, limits);

        var hourly80 = (await EventsAsync(account)).Count(e => e.Type == "usage.threshold"
            && e.Data.GetProperty("window").GetString() == "hour" && e.Data.GetProperty("percent").GetInt32() == 80);
        Assert.That(hourly80, Is.EqualTo(2));
    }

    [Test]
    public async Task AcquireAsync_AccountWithoutWebhooks_WritesNoEventAndNoMarker()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");

        await limiter.AcquireManyAsync(account, 70, limits);

        Assert.Multiple(async () =>
        {
            Assert.That(await Db.KeyExistsAsync(RedisKeys.AccountEvents(account)), Is.False);
            Assert.That(await Redis.KeysAsync(RedisKeys.UsageAlertMarker(account, LimitWindow.Hour, 80).ToString()), Is.Empty);
        });
    }

    [Test]
    public async Task AcquireAsync_TierWithItsOwnThresholds_FiresThoseOnly()
    {
        var limiter = Get<IRateLimiter>();
        var account = await ListeningAccountAsync();
        var limits = LimitsOf("free") with { UsageAlerts = [50] };

        await limiter.AcquireManyAsync(account, 30, limits);

        var events = await EventsAsync(account);
        Assert.That(events.Select(e => (e.Type, e.Data.GetProperty("window").GetString(), e.Data.GetProperty("percent").GetInt32())),
            Is.EqualTo(new[] { ("usage.threshold", "hour", 50) }));
    }

    [Test]
    public async Task AcquireAsync_ConcurrentCrossingsFromThreeInstances_EachThresholdFiresOnce()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => CoreServices.Build(Redis, Time)).ToList();
        try
        {
            var limiters = instances.Select(i => (IRateLimiter)i.GetService(typeof(IRateLimiter))!).ToList();
            var account = await ListeningAccountAsync();
            var limits = LimitsOf("free");

            await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => limiters[i % 3].AcquireAsync(account, limits))));

            var events = await EventsAsync(account);
            Assert.Multiple(() =>
            {
                Assert.That(events.Count(e => e.Type == "usage.threshold"), Is.EqualTo(2), "hour 80% and 100%, once each");
                Assert.That(events.Count(e => e.Type == "usage.limited"), Is.EqualTo(1));
            });
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>An account with one webhook endpoint registered (the record's content is the webhook worker's business).</summary>
    private static async Task<string> ListeningAccountAsync()
    {
        var account = Ids.NewAccountId();
        await Db.HashSetAsync(RedisKeys.AccountWebhooks(account), "wh_test", "{}");
        return account;
    }

    private static async Task<List<UsageEvent>> EventsAsync(string account)
    {
        var entries = await Db.StreamRangeAsync(RedisKeys.AccountEvents(account));
        return [.. entries.Select(e => new UsageEvent(
            e["type"].ToString(),
            (long)e["at"],
            JsonDocument.Parse(e["data"].ToString()).RootElement))];
    }

    private sealed record UsageEvent(string Type, long At, JsonElement Data);
}
