using Tollgate.Core.Limiting;

namespace Tollgate.Core.Tiers;

/// <summary>One subscription tier as written in the <c>Tiers</c> configuration section.</summary>
public sealed class TierOptions
{
    /// <summary>Name shown to people, e.g. "Pro". Required.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Monthly price in US dollars. Default 0.</summary>
    public decimal PriceMonthly { get; set; }

    /// <summary>Requests admitted in any sliding hour. Must be positive.</summary>
    public long RequestsPerHour { get; set; }

    /// <summary>Requests admitted in any sliding day. Must be positive and at least <see cref="RequestsPerHour"/>.</summary>
    public long RequestsPerDay { get; set; }

    /// <summary>Requests admitted in any sliding 30 days. Must be positive and at least <see cref="RequestsPerDay"/>.</summary>
    public long RequestsPerMonth { get; set; }

    /// <summary>
    /// Units admitted in any sliding second: the burst limit, one more window checked in the same limiter call. Optional;
    /// absent = no burst window. Must be positive and at most <see cref="RequestsPerHour"/>.
    /// </summary>
    public long? RequestsPerSecond { get; set; }

    /// <summary>
    /// Percents of each window's limit whose crossing sends a <c>usage.threshold</c> webhook event, once per window
    /// period. Absent = 80 and 100. Each from 1 to 100.
    /// </summary>
    public List<int>? UsageAlerts { get; set; }

    /// <summary>
    /// What the month window is: <c>Sliding30Days</c> (default, also when absent) counts any 30 days, sliding;
    /// <c>BillingPeriod</c> counts the account's billing period and resets exactly at its anchor each month (UTC).
    /// Kept as text and checked by the validator: the binder leaves an enum it cannot read at its default, silently.
    /// </summary>
    public string? MonthlyWindow { get; set; }

    /// <summary>
    /// <see cref="MonthlyWindow"/> read (names only, any case; absent = <see cref="Limiting.MonthlyWindow.Sliding30Days"/>);
    /// false when it names no window.
    /// </summary>
    public bool TryReadMonthlyWindow(out MonthlyWindow window)
    {
        window = Limiting.MonthlyWindow.Sliding30Days;
        if (string.IsNullOrWhiteSpace(MonthlyWindow))
        {
            return true;
        }
        // By name only: Enum.TryParse would also take "1" or "7".
        var name = Enum.GetNames<MonthlyWindow>().FirstOrDefault(n => n.Equals(MonthlyWindow.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null && Enum.TryParse(name, out window);
    }

    /// <summary>Past the month's limit: <see cref="OverageMode.Block"/> (default) refuses; <see cref="OverageMode.Bill"/> admits and meters.</summary>
    public OverageMode Overage { get; set; }

    /// <summary>With <see cref="OverageMode.Bill"/> (and only then, where it is required): price in US dollars per 1,000 overage units.</summary>
    public decimal? UnitPrice { get; set; }

    /// <summary>With <see cref="OverageMode.Bill"/>: most overage units admitted in the month window; absent = no cap.</summary>
    public long? Cap { get; set; }

    /// <summary>Most active API keys one account of this tier may hold. Must be positive.</summary>
    public int MaxKeys { get; set; }

    /// <summary>Feature names this tier unlocks, e.g. "current", "forecast-hourly". Default none.</summary>
    public List<string> Features { get; set; } = [];
}
