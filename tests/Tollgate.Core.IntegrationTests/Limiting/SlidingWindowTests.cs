using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>How the windows slide with the (fake) clock, Redis's and the services', what a refusal says, and what is counted.</summary>
public sealed class SlidingWindowTests : RedisTestBase
{
    private static readonly TimeSpan Bucket = LimitWindow.Hour.BucketSize;

    [Test]
    public async Task AcquireAsync_FirstRequest_IsAdmittedAndReportsEveryWindow()
    {
        // Exact resets: Redis's clock must stand at the start of a bucket.
        Time.RequireRedis();
        var limiter = Get<IRateLimiter>();
        var limits = LimitsOf("pro");

        var decision = await limiter.AcquireAsync(Ids.NewAccountId(), limits);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Admitted, Is.True);
            Assert.That(decision.RetryAfter, Is.EqualTo(TimeSpan.Zero));
            Assert.That(decision.Windows.Select(w => w.Window), Is.EqualTo(LimitWindow.All));
            Assert.That(decision.Windows.Select(w => w.Limit), Is.EqualTo(new long[] { 600, 10_000, 250_000 }));
            Assert.That(decision.Windows.Select(w => w.Used), Is.All.EqualTo(1));
            // The request's bucket frees its capacity once the whole bucket has left each window.
            Assert.That(decision.Windows.Select(w => w.ResetAfter), Is.EqualTo(LimitWindow.All.Select(w => w.Length + w.BucketSize)));
        });
    }

    [Test]
    public async Task AcquireAsync_RefusedRequests_AreNotCounted()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        var filled = await limiter.AcquireManyAsync(account, 60, limits);
        Assume.That(filled.Admitted(), Is.EqualTo(60));

        var hammered = await limiter.AcquireManyAsync(account, 500, limits);
        Time.Advance(LimitWindow.Hour.Length + Bucket);
        var later = await limiter.AcquireManyAsync(account, 61, limits);

        var usage = await limiter.PeekAsync(account, limits);
        var daily = await Db.HashGetAsync(RedisKeys.DailyUsage(account, EpochDay.Of(Start)), "key_default");
        Assert.Multiple(() =>
        {
            Assert.That(hammered.Admitted(), Is.Zero);
            Assert.That(later.Admitted(), Is.EqualTo(60), "a full hour of capacity is back: the 500 refusals took none of it");
            Assert.That(usage.Used(LimitWindow.Hour), Is.EqualTo(60));
            Assert.That(usage.Used(LimitWindow.Day), Is.EqualTo(120));
            Assert.That(usage.Used(LimitWindow.Month), Is.EqualTo(120));
            Assert.That((long)daily, Is.EqualTo(120));
        });
    }

    [Test]
    public async Task AcquireAsync_OldestBucketLeavesWindow_AdmitsExactlyWhatLeft()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");

        var first = await limiter.AcquireManyAsync(account, 30, limits);
        Time.Advance(TimeSpan.FromMinutes(30));
        var second = await limiter.AcquireManyAsync(account, 30, limits);
        Time.SetUtcNow(Start + LimitWindow.Hour.Length - TimeSpan.FromMilliseconds(1));
        var justBeforeHour = await limiter.AcquireAsync(account, limits);
        Time.SetUtcNow(Start + LimitWindow.Hour.Length + Bucket);
        var afterFirstBucketLeft = await limiter.AcquireManyAsync(account, 40, limits);

        Assert.Multiple(() =>
        {
            Assert.That(first.Admitted() + second.Admitted(), Is.EqualTo(60));
            Assert.That(justBeforeHour.Admitted, Is.False, "the first 30 are still inside the hour");
            Assert.That(afterFirstBucketLeft.Admitted(), Is.EqualTo(30), "only the first 30 have left the window");
        });
    }

    [Test]
    public async Task AcquireAsync_Refused_RetryAfterSaysWhenNextRequestIsAdmitted()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        // Off the minute grid on purpose: 20 requests at 00:00:17.3, 00:05:17.3 and 00:10:17.3.
        Time.Advance(TimeSpan.FromMilliseconds(17_300));
        var firstRequestAt = Time.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            Assume.That((await limiter.AcquireManyAsync(account, 20, limits)).Admitted(), Is.EqualTo(20));
            Time.Advance(TimeSpan.FromMinutes(5));
        }

        var refused = await limiter.AcquireAsync(account, limits);
        // An exact sliding hour would admit again when the first request is an hour old; buckets may add up to one.
        var exact = firstRequestAt + LimitWindow.Hour.Length - Time.GetUtcNow();
        Assert.Multiple(() =>
        {
            Assert.That(refused.Admitted, Is.False);
            Assert.That(refused.RetryAfter, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(refused.RetryAfter, Is.InRange(exact, exact + Bucket));
        });

        Time.Advance(refused.RetryAfter - Bucket);
        var oneBucketEarly = await limiter.AcquireAsync(account, limits);
        Time.Advance(Bucket);
        var onTime = await limiter.AcquireManyAsync(account, 21, limits);

        Assert.Multiple(() =>
        {
            Assert.That(oneBucketEarly.Admitted, Is.False);
            Assert.That(oneBucketEarly.RetryAfter, Is.EqualTo(Bucket));
            Assert.That(onTime.Admitted(), Is.EqualTo(20), "the first 20 have left; the rest of the hour is still full");
        });
    }

    [Test]
    public async Task AcquireAsync_Refused_RetryAfterCoversTheWindowThatRefused()
    {
        // A tiny day limit: the day window refuses while the hour still has room, so Retry-After must wait for the day.
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = new TierLimits(PerHour: 10, PerDay: 10, PerMonth: 100);
        await limiter.AcquireManyAsync(account, 10, limits);
        Time.Advance(TimeSpan.FromHours(2));

        var refused = await limiter.AcquireAsync(account, limits);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Admitted, Is.False);
            Assert.That(refused.Tightest.Window, Is.EqualTo(LimitWindow.Day));
            Assert.That(refused.RetryAfter, Is.EqualTo(LimitWindow.Day.Length + LimitWindow.Day.BucketSize - TimeSpan.FromHours(2)));
        });
    }

    [Test]
    public async Task PeekAsync_Repeated_CountsNothing()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        await limiter.AcquireManyAsync(account, 5, limits);

        var peeks = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => limiter.PeekAsync(account, limits)));
        var rest = await limiter.AcquireManyAsync(account, 56, limits);

        var daily = await Db.HashGetAllAsync(RedisKeys.DailyUsage(account, EpochDay.Of(Start)));
        Assert.Multiple(() =>
        {
            Assert.That(peeks.SelectMany(p => p.Windows).Select(w => w.Used), Is.All.EqualTo(5));
            Assert.That(peeks.Select(p => p.Admitted), Is.All.True, "a peek reports room, it does not refuse");
            Assert.That(rest.Admitted(), Is.EqualTo(55), "the peeks took none of the hour's 60");
            Assert.That(daily.Sum(e => (long)e.Value), Is.EqualTo(60));
            Assert.That(daily.Select(e => e.Name.ToString()), Is.EqualTo(new[] { "key_default" }), "peeks attribute nothing to any key");
        });
    }

    [Test]
    public async Task PeekAsync_AccountWithoutTraffic_ReportsZeroAndWritesNothing()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();

        var peek = await limiter.PeekAsync(account, LimitsOf("free"));

        var keys = await Redis.KeysAsync("*");
        Assert.Multiple(() =>
        {
            Assert.That(peek.Windows.Select(w => w.Used), Is.All.Zero);
            Assert.That(peek.Windows.Select(w => w.ResetAfter), Is.All.EqualTo(TimeSpan.Zero));
            Assert.That(keys, Is.Empty);
        });
    }

    [Test]
    public async Task AcquireAsync_AfterScriptCacheFlushed_LoadsScriptAgainAndCounts()
    {
        // A Redis restart or SCRIPT FLUSH empties the script cache: EVALSHA fails with NOSCRIPT and the wrapper must recover.
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("free");
        await limiter.AcquireAsync(account, limits);
        foreach (var server in Redis.Multiplexer.GetServers())
        {
            await server.ScriptFlushAsync();
        }

        var decision = await limiter.AcquireAsync(account, limits);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Admitted, Is.True);
            Assert.That(decision.Used(LimitWindow.Hour), Is.EqualTo(2));
        });
    }
}
