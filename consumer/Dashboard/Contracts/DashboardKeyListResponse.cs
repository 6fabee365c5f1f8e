using Tollgate.SelfService.Contracts;

namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>The account's keys and its tier's key limit.</summary>
/// <param name="ActiveKeys">Keys that count against the limit now.</param>
/// <param name="MaxKeys">Active keys the tier allows.</param>
/// <param name="Keys">Every key the account has had, oldest first.</param>
internal sealed record DashboardKeyListResponse(int ActiveKeys, int MaxKeys, IReadOnlyList<KeyResponse> Keys);
