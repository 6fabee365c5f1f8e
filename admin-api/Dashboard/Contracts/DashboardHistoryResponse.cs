using Tollgate.AdminApi.Contracts;

namespace Tollgate.AdminApi.Dashboard.Contracts;

/// <summary>Requests per UTC day and per key, oldest day first, with the keys named.</summary>
/// <param name="Days">How many days.</param>
/// <param name="Keys">Every key of the account.</param>
/// <param name="History">One entry per day; days without requests have a zero total.</param>
internal sealed record DashboardHistoryResponse(int Days, IReadOnlyList<HistoryKeyResponse> Keys, IReadOnlyList<UsageDayResponse> History);
