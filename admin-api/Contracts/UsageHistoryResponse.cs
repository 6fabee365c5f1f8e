namespace Tollgate.AdminApi.Contracts;

/// <summary>Requests per UTC day, oldest first, today included.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Days">Days covered.</param>
/// <param name="History">One entry per day, days without requests included.</param>
internal sealed record UsageHistoryResponse(string AccountId, int Days, IReadOnlyList<UsageDayResponse> History);
