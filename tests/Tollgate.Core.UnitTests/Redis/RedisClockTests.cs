using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Redis;

namespace Tollgate.Core.UnitTests.Redis;

public sealed class RedisClockTests
{
    private const long Minute = 60_000_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    private RedisClock _clock = null!;

    [SetUp]
    public void NewClock() => _clock = new RedisClock(new FakeTimeProvider());

    [Test]
    public void DeadlineFor_BeforeAnyAnswer_IsNone() =>
        Assert.That(_clock.DeadlineFor(sentAt: 5 * Minute, Timeout), Is.Zero);

    [Test]
    public void DeadlineFor_AfterAnswers_IsTheGiveUpMomentByTheLargestOffsetSeen()
    {
        // Redis runs 1,000 s ahead of the local clock; the second answer waited 3 ms longer on the way back.
        _clock.Observe(redisMicroseconds: 1_000_000_000 + 10 * Minute, receivedAt: 10 * Minute);
        _clock.Observe(redisMicroseconds: 1_000_000_000 + 10 * Minute + 1_000, receivedAt: 10 * Minute + 4_000);

        Assert.That(_clock.DeadlineFor(sentAt: 10 * Minute + 5_000, Timeout), Is.EqualTo(1_000_000_000 + 10 * Minute + 5_000 + 250_000));
    }

    [Test]
    public void DeadlineFor_SlowAnswer_NeverMovesTheDeadlineLater()
    {
        // An answer delayed on the way back (a busy process) says the offset is smaller, never larger, than it is.
        _clock.Observe(redisMicroseconds: 10 * Minute, receivedAt: 10 * Minute);
        var before = _clock.DeadlineFor(sentAt: 10 * Minute, Timeout);

        _clock.Observe(redisMicroseconds: 10 * Minute + 1_000, receivedAt: 10 * Minute + 900_000);

        Assert.That(_clock.DeadlineFor(sentAt: 10 * Minute, Timeout), Is.EqualTo(before));
    }

    [Test]
    public void Observe_TwoMinutesAfterARedisClockStepBack_ForgetsTheOldOffset()
    {
        _clock.Observe(redisMicroseconds: 10 * Minute + 5_000_000, receivedAt: 10 * Minute);
        // Redis's clock stepped back by 5 s: samples taken since say so.
        _clock.Observe(redisMicroseconds: 11 * Minute, receivedAt: 11 * Minute);
        Assert.That(_clock.DeadlineFor(sentAt: 11 * Minute, Timeout), Is.EqualTo(11 * Minute + 5_000_000 + 250_000), "the previous minute still counts");

        _clock.Observe(redisMicroseconds: 12 * Minute, receivedAt: 12 * Minute);

        Assert.That(_clock.DeadlineFor(sentAt: 12 * Minute, Timeout), Is.EqualTo(12 * Minute + 250_000));
    }

    [Test]
    public void EstimatedRedisNow_BeforeAnyAnswer_IsNone() =>
        Assert.That(_clock.EstimatedRedisNow(), Is.Zero);

    [Test]
    public void EstimatedRedisNow_MovesOnWithLocalTime_FromTheLargestOffsetSeen()
    {
        var time = new FakeTimeProvider();
        var clock = new RedisClock(time);
        var answered = clock.LocalNow;
        // Redis runs 1,000 s ahead; the second answer spent 3 ms longer on its way back, so says less.
        clock.Observe(redisMicroseconds: answered + 1_000_000_000, receivedAt: answered);
        clock.Observe(redisMicroseconds: answered + 1_000_000_000 + 1_000, receivedAt: answered + 4_000);

        time.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.That(clock.EstimatedRedisNow(), Is.EqualTo(answered + 1_000_000_000 + 1_500_000));
    }

    [Test]
    public void LocalNow_FollowsTheGivenClocksTimestamps()
    {
        var time = new FakeTimeProvider();
        var clock = new RedisClock(time);
        var before = clock.LocalNow;

        time.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.That(clock.LocalNow - before, Is.EqualTo(1_500_000));
    }
}
