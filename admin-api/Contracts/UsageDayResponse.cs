namespace Tollgate.AdminApi.Contracts;

/// <summary>One day of usage.</summary>
/// <param name="Date">The day, yyyy-MM-dd (UTC).</param>
/// <param name="Total">Requests of all keys.</param>
/// <param name="ByKey">Key id to requests, for the keys that made any.</param>
internal sealed record UsageDayResponse(DateOnly Date, long Total, IReadOnlyDictionary<string, long> ByKey);
