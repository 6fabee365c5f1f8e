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

    /// <summary>Most active API keys one account of this tier may hold. Must be positive.</summary>
    public int MaxKeys { get; set; }

    /// <summary>Feature names this tier unlocks, e.g. "current", "forecast-hourly". Default none.</summary>
    public List<string> Features { get; set; } = [];
}
