namespace Tollgate.AdminApi.Contracts;

/// <summary>Requests admitted today (UTC).</summary>
/// <param name="Date">Today, yyyy-MM-dd.</param>
/// <param name="Total">All keys together.</param>
/// <param name="Keys">Every key of the account with its count today, oldest key first.</param>
internal sealed record TodayUsageResponse(DateOnly Date, long Total, IReadOnlyList<KeyUsageResponse> Keys);
