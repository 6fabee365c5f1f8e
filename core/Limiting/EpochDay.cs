namespace Tollgate.Core.Limiting;

/// <summary>Whole UTC days since the Unix epoch: the unit in which usage history is kept.</summary>
public static class EpochDay
{
    /// <summary>The day holding <paramref name="unixMilliseconds"/>.</summary>
    public static long Of(long unixMilliseconds) => unixMilliseconds / 86_400_000;

    /// <summary>The day holding <paramref name="instant"/>.</summary>
    public static long Of(DateTimeOffset instant) => Of(instant.ToUnixTimeMilliseconds());

    /// <summary>The calendar date of <paramref name="epochDay"/>.</summary>
    public static DateOnly ToDate(long epochDay) => DateOnly.FromDayNumber((int)(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + epochDay));
}
