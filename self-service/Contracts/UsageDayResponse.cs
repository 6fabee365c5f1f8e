using Tollgate.Core.Limiting;

namespace Tollgate.SelfService.Contracts;

/// <summary>One day of usage.</summary>
/// <param name="Date">The day, yyyy-MM-dd (UTC).</param>
/// <param name="Total">Requests of all keys.</param>
/// <param name="ByKey">Key id to requests, for the keys that made any.</param>
public sealed record UsageDayResponse(DateOnly Date, long Total, IReadOnlyDictionary<string, long> ByKey)
{
    public static UsageDayResponse From(UsageDay day) => new(day.Date, day.Total, day.ByKey);
}
