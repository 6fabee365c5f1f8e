using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Accounts;

/// <summary>
/// Limits agreed with one account in place of its tier's (a contract): each value null means "the tier's". Kept in the
/// account hash, read with the account, so every gateway applies it from the same read that tells it the tier.
/// </summary>
/// <param name="PerHour">Requests per sliding hour; null = the tier's.</param>
/// <param name="PerDay">Requests per sliding day; null = the tier's.</param>
/// <param name="PerMonth">Requests per sliding 30 days; null = the tier's.</param>
/// <param name="MaxKeys">Most active keys; null = the tier's.</param>
/// <param name="Features">Features the account may reach (replacing the tier's list); null = the tier's.</param>
/// <param name="ExpiresAt">From when the override stops applying (no job needed: it is judged on every read); null = until removed.</param>
public sealed record LimitOverride(
    long? PerHour,
    long? PerDay,
    long? PerMonth,
    int? MaxKeys,
    IReadOnlyList<string>? Features,
    DateTimeOffset? ExpiresAt)
{
    /// <summary>True while the override applies.</summary>
    public bool AppliesAt(DateTimeOffset now) => ExpiresAt is not { } end || now < end;

    /// <summary><paramref name="tier"/> with this override's values in place of its own.</summary>
    public Tier ApplyTo(Tier tier) => tier with
    {
        // Only the three windows' limits: the tier's burst window, usage alerts and overage terms stay.
        Limits = tier.Limits with
        {
            PerHour = PerHour ?? tier.Limits.PerHour,
            PerDay = PerDay ?? tier.Limits.PerDay,
            PerMonth = PerMonth ?? tier.Limits.PerMonth,
        },
        MaxKeys = MaxKeys ?? tier.MaxKeys,
        Features = Features ?? tier.Features,
    };
}
