using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>Redis memory per account stays bounded whatever the traffic: buckets, not one member per request.</summary>
public sealed class MemoryBoundTests : RedisTestBase
{
    private const long MemoryBudgetBytes = 64 * 1024;

    [Test]
    public async Task AcquireAsync_50000RequestsOfEnterpriseAccountOverADay_StaysWithin64KiB()
    {
        // 50,000 requests spread evenly over (almost) one simulated day, 50 at a time: about 2,083 an hour,
        // well inside enterprise's 10,000 an hour and 200,000 a day, so every one is admitted.
        const int total = 50_000;
        const int batch = 50;
        const int batches = total / batch;
        var step = TimeSpan.FromDays(1) / batches;
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("enterprise");
        var keyIds = Enumerable.Range(0, 5).Select(i => $"key_{i}").ToArray();
        var refused = 0;

        for (var i = 0; i < batches; i++)
        {
            if (i > 0)
            {
                Time.Advance(step);
            }
            var decisions = await Task.WhenAll(Enumerable.Range(0, batch).Select(j =>
                limiter.AcquireAsync(account, limits, keyIds[j % keyIds.Length])));
            refused += decisions.Count(d => !d.Admitted);
        }

        var bytes = await Redis.MemoryUsageAsync(RedisKeys.AccountPattern(account));
        var keys = await Redis.KeysAsync(RedisKeys.AccountPattern(account));
        await TestContext.Out.WriteLineAsync(
            $"{total:N0} admitted requests of one enterprise account over a simulated day: {keys.Count} Redis keys, {bytes:N0} bytes (MEMORY USAGE, SAMPLES 0).");

        var usage = await limiter.PeekAsync(account, limits);
        var daily = await Db.HashGetAllAsync(RedisKeys.DailyUsage(account, EpochDay.Of(Start)));
        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.Zero);
            Assert.That(usage.Used(LimitWindow.Day), Is.EqualTo(total), "every admitted request is counted");
            Assert.That(usage.Used(LimitWindow.Month), Is.EqualTo(total));
            Assert.That(daily.Sum(e => (long)e.Value), Is.EqualTo(total));
            Assert.That(bytes, Is.LessThanOrEqualTo(MemoryBudgetBytes));
        });
        foreach (var window in LimitWindow.All)
        {
            var buckets = await Db.SortedSetLengthAsync(RedisKeys.WindowBuckets(account, window));
            Assert.That(buckets, Is.LessThanOrEqualTo((long)(window.Length / window.BucketSize) + 1), window.Name);
        }
    }
}
