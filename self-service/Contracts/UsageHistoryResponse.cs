namespace Tollgate.SelfService.Contracts;

/// <summary>Requests per UTC day, oldest first, today included: the one answer of every side's usage history.</summary>
/// <param name="Status">Always "success" (the seed's subscription API has it).</param>
/// <param name="AccountId">The account.</param>
/// <param name="Days">Days covered.</param>
/// <param name="Keys">Every key the account has had, so <c>by_key</c> can be named.</param>
/// <param name="History">One entry per day, days without requests included.</param>
public sealed record UsageHistoryResponse(
    string Status,
    string AccountId,
    int Days,
    IReadOnlyList<HistoryKeyResponse> Keys,
    IReadOnlyList<UsageDayResponse> History);
