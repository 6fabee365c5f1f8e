namespace Tollgate.Core.Limiting;

/// <summary>Requests an account had admitted on one UTC day.</summary>
/// <param name="Date">The day.</param>
/// <param name="Total">Requests of all its keys.</param>
/// <param name="ByKey">Key id to requests, for the keys that made any.</param>
public sealed record UsageDay(DateOnly Date, long Total, IReadOnlyDictionary<string, long> ByKey);
