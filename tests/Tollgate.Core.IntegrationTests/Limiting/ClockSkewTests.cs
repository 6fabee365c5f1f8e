using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>
/// Three instances (own services, own connection) whose clocks stand 500 ms behind, on, and 500 ms ahead of Redis's,
/// at bucket edges and across the windows' key expiry: the windows run on Redis's clock alone.
/// </summary>
public sealed class ClockSkewTests : RedisTestBase
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = LimitWindow.Hour.Length;
    private static readonly TierLimits Limits = new(PerHour: 10, PerDay: 1_000, PerMonth: 10_000);

    // Ahead first: the instance whose clock is ahead opens a bucket before the others count in the one before it.
    private static readonly TimeSpan[] Offsets = [TimeSpan.FromMilliseconds(500), TimeSpan.Zero, TimeSpan.FromMilliseconds(-500)];

    private readonly List<ServiceProvider> _instances = [];
    private readonly List<DateTimeOffset> _admittedAt = [];
    private IRateLimiter[] _limiters = [];

    [SetUp]
    public void StartThreeSkewedInstances()
    {
        Time.RequireRedis();
        _admittedAt.Clear();
        foreach (var offset in Offsets)
        {
            _instances.Add(CoreServices.Build(Redis, Time.WithOffset(offset)));
        }
        _limiters = [.. _instances.Select(i => i.GetRequiredService<IRateLimiter>())];
    }

    [TearDown]
    public async Task StopInstancesAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        _instances.Clear();
    }

    [Test]
    public async Task AcquireAsync_SkewedInstancesAtBucketEdgesAndAcrossExpiry_NeverMoreThanTheLimitInAnyHour()
    {
        var account = Ids.NewAccountId();

        // 200 ms before the first minute's edge: the instance ahead counts in the minute after it, the others before it.
        Time.SetUtcNow(Start + Minute - TimeSpan.FromMilliseconds(200));
        await EachAsync(account, 1);
        // 50 s into the second minute: 7 more fit.
        Time.SetUtcNow(Start + Minute + TimeSpan.FromSeconds(50));
        var secondMinute = await EachAsync(account, 4);
        var ttls = await HourKeyTtlsAsync(account);
        // Once the first minute's bucket has left the hour: its 3 are free again, the second minute's 7 still count.
        Time.SetUtcNow(Start + Hour + Minute + TimeSpan.FromMilliseconds(1));
        var firstBucketLeft = await EachAsync(account, 4);
        // Once the second minute's bucket has left too.
        Time.SetUtcNow(Start + Hour + 2 * Minute + TimeSpan.FromMilliseconds(1));
        var secondBucketLeft = await EachAsync(account, 4);
        // Long after every key of the hour has expired.
        Time.SetUtcNow(Start + 4 * Hour);
        var hourKeysLeft = await Db.KeyExistsAsync([RedisKeys.WindowBuckets(account, LimitWindow.Hour), RedisKeys.WindowCounts(account, LimitWindow.Hour)]);
        var fresh = await EachAsync(account, 5);

        var peek = await _limiters[1].PeekAsync(account, Limits);
        Assert.Multiple(() =>
        {
            Assert.That(secondMinute.Admitted(), Is.EqualTo(7));
            Assert.That(ttls, Is.All.GreaterThanOrEqualTo(Hour + Minute - TimeSpan.FromSeconds(50)),
                "the hour's keys live until its newest bucket (the second minute) has left the window");
            Assert.That(firstBucketLeft.Admitted(), Is.EqualTo(3), "the second minute's 7 are still in the hour");
            Assert.That(secondBucketLeft.Admitted(), Is.EqualTo(7));
            Assert.That(hourKeysLeft, Is.Zero, "nothing of the hour is kept once it has all left");
            Assert.That(fresh.Admitted(), Is.EqualTo(10));
            Assert.That(OverTheLimit(), Is.Empty, "never more than 10 admitted in any hour");
            Assert.That(peek.Used(LimitWindow.Month), Is.EqualTo(_admittedAt.Count), "the month counts every admitted request and no refused one");
        });
    }

    [Test]
    public async Task AcquireAsync_RefusedOnSkewedInstances_RetryAfterAndResetsAgreeAndAdmitExactlyThen()
    {
        var account = Ids.NewAccountId();
        Time.SetUtcNow(Start + Minute - TimeSpan.FromMilliseconds(200));
        await EachAsync(account, 1);
        Time.SetUtcNow(Start + Minute + TimeSpan.FromSeconds(50));
        var decisions = await EachAsync(account, 4);

        var refused = decisions.Where(d => !d.Admitted).ToList();
        var retryAfter = refused[0].RetryAfter;
        Assert.Multiple(() =>
        {
            Assert.That(refused.Select(d => d.RetryAfter), Is.All.EqualTo(retryAfter), "every instance says the same wait");
            // The first minute's bucket (3 requests) leaves the hour at 01:01:00, 59 min 10 s from now.
            Assert.That(retryAfter, Is.EqualTo(Hour + Minute - (Minute + TimeSpan.FromSeconds(50))));
            foreach (var window in LimitWindow.All)
            {
                Assert.That(decisions.Select(d => Reset(d, window)).Distinct().Count(), Is.EqualTo(1), $"one {window.Name} reset on every instance");
            }
        });

        var refusedAt = Time.GetUtcNow();
        Time.SetUtcNow(refusedAt + retryAfter - TimeSpan.FromMilliseconds(1));
        var early = await EachAsync(account, 1);
        Time.SetUtcNow(refusedAt + retryAfter);
        var onTime = await EachAsync(account, 1);
        var more = await EachAsync(account, 1);

        Assert.Multiple(() =>
        {
            Assert.That(early.Admitted(), Is.Zero, "1 ms early, every instance refuses");
            Assert.That(early.Select(d => d.RetryAfter), Is.All.EqualTo(TimeSpan.FromMilliseconds(1)));
            Assert.That(onTime.Admitted(), Is.EqualTo(3), "on time, every instance admits: the 3 that left");
            Assert.That(more.Admitted(), Is.Zero);
            Assert.That(OverTheLimit(), Is.Empty);
        });
    }

    [Test]
    public async Task AcquireAsync_BucketOlderThanTheNewest_NeverShortensExpiryAndOldestStaysTheMinimum()
    {
        // What a Redis clock stepped back would leave: the hour already holds a bucket two minutes after Redis's
        // time, living until that bucket leaves the window. Counting now opens an older bucket.
        var account = Ids.NewAccountId();
        var buckets = RedisKeys.WindowBuckets(account, LimitWindow.Hour);
        var counts = RedisKeys.WindowCounts(account, LimitWindow.Hour);
        var newer = (Start + 2 * Minute).ToUnixTimeMilliseconds();
        var expiresAt = Start + 2 * Minute + Hour + Minute;
        await Db.SortedSetAddAsync(buckets, newer, newer);
        await Db.HashSetAsync(counts, [new HashEntry(newer, 4), new HashEntry("total", 4), new HashEntry("oldest", newer)]);
        await Db.KeyExpireAsync(buckets, expiresAt.UtcDateTime);
        await Db.KeyExpireAsync(counts, expiresAt.UtcDateTime);

        var decision = await _limiters[1].AcquireAsync(account, Limits);

        var ttls = await HourKeyTtlsAsync(account);
        var oldest = (long)await Db.HashGetAsync(counts, "oldest");
        Assert.Multiple(() =>
        {
            Assert.That(decision.Admitted, Is.True);
            Assert.That(decision.Used(LimitWindow.Hour), Is.EqualTo(5));
            Assert.That(Reset(decision, LimitWindow.Hour), Is.EqualTo(Hour + Minute), "the hour frees capacity when its oldest bucket, now's, leaves");
            Assert.That(oldest, Is.EqualTo(Start.ToUnixTimeMilliseconds()), "\"oldest\" stays the smallest bucket start");
            Assert.That(ttls, Is.All.EqualTo(expiresAt - Start), "the keys still live until the newer bucket leaves");
        });
    }

    /// <summary>Every instance in turn, ahead first, acquires <paramref name="each"/> requests one after another.</summary>
    private async Task<List<LimitDecision>> EachAsync(string account, int each)
    {
        var decisions = new List<LimitDecision>();
        foreach (var limiter in _limiters)
        {
            for (var i = 0; i < each; i++)
            {
                var decision = await limiter.AcquireAsync(account, Limits);
                if (decision.Admitted)
                {
                    _admittedAt.Add(Time.GetUtcNow());
                }
                decisions.Add(decision);
            }
        }
        return decisions;
    }

    /// <summary>Admissions that found 10 or more admitted in the hour before them, by Redis's clock.</summary>
    private List<string> OverTheLimit() =>
        [.. _admittedAt
            .Select(t => (At: t, InHour: _admittedAt.Count(u => u <= t && u > t - Hour)))
            .Where(x => x.InHour > Limits.PerHour)
            .Select(x => $"{x.At:HH:mm:ss.fff}: {x.InHour} in the hour")
            .Distinct()];

    private static async Task<TimeSpan[]> HourKeyTtlsAsync(string account)
    {
        var buckets = await Db.KeyTimeToLiveAsync(RedisKeys.WindowBuckets(account, LimitWindow.Hour));
        var counts = await Db.KeyTimeToLiveAsync(RedisKeys.WindowCounts(account, LimitWindow.Hour));
        return [buckets ?? TimeSpan.Zero, counts ?? TimeSpan.Zero];
    }

    private static TimeSpan Reset(LimitDecision decision, LimitWindow window) => decision.Windows.Single(w => w.Window == window).ResetAfter;
}
