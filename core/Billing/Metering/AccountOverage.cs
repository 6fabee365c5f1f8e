using StackExchange.Redis;
using Tollgate.Core.Accounts;
using Tollgate.Core.Redis;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing.Metering;

/// <summary>Reads an account's overage so far in its billing period, for the dashboard (reading counts and reports nothing).</summary>
public sealed class AccountOverage(IConnectionMultiplexer redis, TimeProvider timeProvider)
{
    private static readonly RedisValue[] Fields = ["pending", "batch_units", "period_start", "period_reported"];

    /// <summary>The overage of <paramref name="account"/> on <paramref name="tier"/>; null when the tier does not bill overage.</summary>
    public async Task<OverageSoFar?> ReadAsync(AccountRecord account, Tier tier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (tier.OverageUnitPrice is not { } price)
        {
            return null;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var periodStart = BillingPeriods.StartOf(account.Billing.CycleAnchor ?? account.CreatedAt, timeProvider.GetUtcNow());
        var values = await redis.GetDatabase().HashGetAsync(RedisKeys.AccountOverage(account.Id), Fields).ConfigureAwait(false);
        // Reported units count only if they were reported in this period (clear_overage.lua restarts the tally at a new period).
        var reported = !values[2].IsNull && (long)values[2] == periodStart.ToUnixTimeMilliseconds() && !values[3].IsNull ? (long)values[3] : 0;
        var units = Math.Max(0, (values[0].IsNull ? 0 : (long)values[0]) + (values[1].IsNull ? 0 : (long)values[1]) + reported);
        return new OverageSoFar(units, price, Math.Round(units * price / 1000m, 2, MidpointRounding.AwayFromZero), periodStart);
    }
}
