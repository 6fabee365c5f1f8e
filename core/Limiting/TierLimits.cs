using Tollgate.Core.Billing;

namespace Tollgate.Core.Limiting;

/// <summary>
/// What an account is limited by: units admitted per sliding hour, day and month (30 days sliding, or the account's
/// billing period), and optionally per second (the burst window); the usage alert thresholds; and whether the month
/// refuses or bills past its limit.
/// </summary>
/// <param name="PerHour">Units admitted in any sliding hour.</param>
/// <param name="PerDay">Units admitted in any sliding day.</param>
/// <param name="PerMonth">Units admitted in any sliding 30 days, or in one billing period (before overage, when it bills).</param>
public sealed record TierLimits(long PerHour, long PerDay, long PerMonth)
{
    /// <summary>The alert thresholds of a tier that names none: 80% and 100% of each window.</summary>
    public static readonly IReadOnlyList<int> DefaultUsageAlerts = [80, 100];

    private static readonly IReadOnlyList<LimitWindow> WithBurst = [LimitWindow.Second, .. LimitWindow.All];

    private static readonly IReadOnlyList<LimitWindow> InPeriod = [LimitWindow.Hour, LimitWindow.Day, LimitWindow.BillingPeriod];

    private static readonly IReadOnlyList<LimitWindow> InPeriodWithBurst = [LimitWindow.Second, .. InPeriod];

    /// <summary>Units admitted in any sliding second (<c>RequestsPerSecond</c>), or null for no burst window at all.</summary>
    public long? PerSecond { get; init; }

    /// <summary>Percents of each window's limit whose crossing is announced once per window period (<c>usage.threshold</c>).</summary>
    public IReadOnlyList<int> UsageAlerts { get; init; } = DefaultUsageAlerts;

    /// <summary>What the month window does past its limit: refuse (default) or admit and meter the overage.</summary>
    public OverageMode Overage { get; init; } = OverageMode.Block;

    /// <summary>With <see cref="OverageMode.Bill"/>: most overage units admitted in the month window; null = no cap.</summary>
    public long? OverageCap { get; init; }

    /// <summary>What the month window is: 30 days sliding (default) or the account's billing period.</summary>
    public MonthlyWindow MonthlyWindow { get; init; } = MonthlyWindow.Sliding30Days;

    /// <summary>
    /// With <see cref="MonthlyWindow.BillingPeriod"/>: the account's period anchor (Stripe's billing cycle anchor, else its
    /// creation), set by <c>AccountTiers</c> for the one account these limits are of; null in the catalogue's tier.
    /// </summary>
    public DateTimeOffset? PeriodAnchor { get; init; }

    /// <summary>True when the month is the account's billing period rather than a sliding 30 days.</summary>
    public bool FollowsBillingPeriod => MonthlyWindow == MonthlyWindow.BillingPeriod;

    /// <summary>
    /// The windows these limits are checked in, shortest first: the burst window only when <see cref="PerSecond"/> is
    /// set; the month is <see cref="LimitWindow.BillingPeriod"/> with <see cref="MonthlyWindow.BillingPeriod"/>.
    /// </summary>
    public IReadOnlyList<LimitWindow> Windows => (PerSecond is null, FollowsBillingPeriod) switch
    {
        (true, false) => LimitWindow.All,
        (false, false) => WithBurst,
        (true, true) => InPeriod,
        (false, true) => InPeriodWithBurst,
    };

    /// <summary>
    /// The billing period that holds <paramref name="now"/> when the month follows it; null for a sliding month.
    /// </summary>
    /// <exception cref="InvalidOperationException">The month follows the billing period but no anchor was set.</exception>
    public BillingPeriod? BillingPeriodAt(DateTimeOffset now) => FollowsBillingPeriod
        ? BillingPeriods.Containing(
            PeriodAnchor ?? throw new InvalidOperationException("A billing-period month needs the account's period anchor: take the limits from AccountTiers."),
            now)
        : null;

    /// <summary>
    /// The billing period that a billing-period month reporting <paramref name="resetAfter"/> at <paramref name="now"/>
    /// ends: the one holding the day before now + reset, so a few seconds' skew between this clock and Redis's never
    /// names the neighbouring period. Null for a sliding month.
    /// </summary>
    public BillingPeriod? BillingPeriodEndingIn(TimeSpan resetAfter, DateTimeOffset now) => BillingPeriodAt(now + resetAfter - TimeSpan.FromDays(1));

    /// <summary>The limit of the window at <paramref name="windowIndex"/> in <see cref="Windows"/>.</summary>
    public long For(int windowIndex)
    {
        var windows = Windows;
        if (windowIndex < 0 || windowIndex >= windows.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(windowIndex));
        }
        return For(windows[windowIndex]);
    }

    /// <summary>The limit of <paramref name="window"/>, one of <see cref="Windows"/>.</summary>
    public long For(LimitWindow window) => window.Name switch
    {
        "second" => PerSecond ?? throw new ArgumentOutOfRangeException(nameof(window), "These limits have no burst window."),
        "hour" => PerHour,
        "day" => PerDay,
        "month" => PerMonth,
        _ => throw new ArgumentOutOfRangeException(nameof(window)),
    };

    /// <summary>True when the month window admits past its limit and meters the overage.</summary>
    public bool BillsOverage => Overage == OverageMode.Bill;

    /// <summary>The same limits with each window's limit taken from <paramref name="windows"/> (e.g. a fallback's share).</summary>
    public TierLimits WithLimitsOf(IReadOnlyList<WindowUsage> windows)
    {
        var limits = this;
        foreach (var w in windows)
        {
            limits = w.Window.Name switch
            {
                "second" => limits with { PerSecond = w.Limit },
                "hour" => limits with { PerHour = w.Limit },
                "day" => limits with { PerDay = w.Limit },
                "month" => limits with { PerMonth = w.Limit },
                _ => limits,
            };
        }
        return limits;
    }

    /// <summary>
    /// Equal when every limit and setting is; the alert lists are compared by content. The <see cref="PeriodAnchor"/> is
    /// left out: it says when an account's month starts, not what its limits are, and caches keyed by limits (the
    /// headers' texts) stay one entry per tier instead of one per account.
    /// </summary>
    public bool Equals(TierLimits? other) =>
        other is not null
        && PerHour == other.PerHour && PerDay == other.PerDay && PerMonth == other.PerMonth
        && PerSecond == other.PerSecond && Overage == other.Overage && OverageCap == other.OverageCap
        && MonthlyWindow == other.MonthlyWindow
        && (ReferenceEquals(UsageAlerts, other.UsageAlerts) || UsageAlerts.SequenceEqual(other.UsageAlerts));

    public override int GetHashCode() => HashCode.Combine(PerHour, PerDay, PerMonth, PerSecond, Overage, OverageCap, MonthlyWindow, UsageAlerts.Count);
}
