using Tollgate.Core.Limiting;

namespace Tollgate.Core.UnitTests.Limiting;

public sealed class EpochDayTests
{
    [TestCase(0L, 0L)]
    [TestCase(86_399_999L, 0L)]
    [TestCase(86_400_000L, 1L)]
    [TestCase(1_748_822_400_000L, 20_241L)] // 2025-06-02T00:00:00Z
    public void Of_UnixMilliseconds_ReturnsWholeDaysSinceEpoch(long unixMilliseconds, long expected) =>
        Assert.That(EpochDay.Of(unixMilliseconds), Is.EqualTo(expected));

    [Test]
    public void Of_InstantWithOffset_UsesUtcDay()
    {
        // 01:30 on 3 June in UTC+02:00 is still 2 June in UTC.
        var instant = new DateTimeOffset(2025, 6, 3, 1, 30, 0, TimeSpan.FromHours(2));

        Assert.That(EpochDay.ToDate(EpochDay.Of(instant)), Is.EqualTo(new DateOnly(2025, 6, 2)));
    }

    [Test]
    public void ToDate_OfLastAndFirstMillisecond_SplitsAtUtcMidnight()
    {
        var midnight = new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(EpochDay.ToDate(EpochDay.Of(midnight.AddMilliseconds(-1))), Is.EqualTo(new DateOnly(2025, 12, 30)));
            Assert.That(EpochDay.ToDate(EpochDay.Of(midnight)), Is.EqualTo(new DateOnly(2025, 12, 31)));
        });
    }

    [Test]
    public void ToDate_DayZero_IsUnixEpoch() =>
        Assert.That(EpochDay.ToDate(0), Is.EqualTo(new DateOnly(1970, 1, 1)));
}
