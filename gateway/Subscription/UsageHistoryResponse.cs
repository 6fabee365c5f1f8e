using Tollgate.Core.Limiting;

namespace Tollgate.Gateway.Subscription;

/// <summary>The answer of <c>GET /api/v3/subscription/usage-history</c>: requests per UTC day, oldest first, per key.</summary>
internal sealed record UsageHistoryResponse(string Status, int Days, IReadOnlyList<UsageHistoryDay> History)
{
    public static UsageHistoryResponse From(int days, IReadOnlyList<UsageDay> history) =>
        new("success", days, [.. history.Select(d => new UsageHistoryDay(d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Total, d.ByKey))]);
}

