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
    /// Kept as text and checked by the validator: the binder would take "1" for <c>BillingPeriod</c>, silently, and refuses a
    /// misspelling with a bare conversion error instead of the catalogue's message.
    /// </summary>
    public string? MonthlyWindow { get; set; }

    /// <summary>
    /// <see cref="MonthlyWindow"/> read (names only, any case; absent = <see cref="Limiting.MonthlyWindow.Sliding30Days"/>);
    /// false when it names no window.
    /// </summary>
    public bool TryReadMonthlyWindow(out MonthlyWindow window) => EnumSetting.TryRead(MonthlyWindow, Limiting.MonthlyWindow.Sliding30Days, out window);

    /// <summary>
    /// Past the month's limit: <c>Block</c> (default, also when absent) refuses; <c>Bill</c> admits and meters.
    /// Kept as text and checked by the validator like <see cref="MonthlyWindow"/>: the binder would take "1" or
    /// "Block,Bill" for <c>Bill</c>, silently.
    /// </summary>
    public string? Overage { get; set; }

    /// <summary>
    /// <see cref="Overage"/> read (names only, any case; absent = <see cref="OverageMode.Block"/>); false when it names
    /// no mode.
    /// </summary>
    public bool TryReadOverage(out OverageMode overage) => EnumSetting.TryRead(Overage, OverageMode.Block, out overage);

    /// <summary>True when <see cref="Overage"/> reads <see cref="OverageMode.Bill"/>; false for anything else, refused or not.</summary>
    public bool BillsOverage => TryReadOverage(out var overage) && overage == OverageMode.Bill;

    /// <summary>With <c>Overage</c> <c>Bill</c> (and only then, where it is required): price in US dollars per 1,000 overage units.</summary>
    public decimal? UnitPrice { get; set; }

    /// <summary>With <c>Overage</c> <c>Bill</c>: most overage units admitted in the month window; absent = no cap.</summary>
    public long? Cap { get; set; }

    /// <summary>Most active API keys one account of this tier may hold. Must be positive.</summary>
    public int MaxKeys { get; set; }

    /// <summary>Feature names this tier unlocks, e.g. "current", "forecast-hourly". Default none.</summary>
    public List<string> Features { get; set; } = [];
}
