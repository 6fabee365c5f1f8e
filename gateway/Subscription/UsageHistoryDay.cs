namespace Tollgate.Gateway.Subscription;

/// <summary>One day of <see cref="UsageHistoryResponse"/>.</summary>
internal sealed record UsageHistoryDay(string Date, long Total, IReadOnlyDictionary<string, long> ByKey);
