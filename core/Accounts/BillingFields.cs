using StackExchange.Redis;

namespace Tollgate.Core.Accounts;

/// <summary>
/// The billing fields of the account hash, written only by <c>Scripts/apply_billing.lua</c> and read with the rest of the
/// account (one HMGET), so gateways see a disabled key in the same read that tells them the tier.
/// </summary>
internal static class BillingFields
{
    public const string StripeCustomer = "stripe_customer";
    public const string StripeSubscription = "stripe_subscription";
    /// <summary>
    /// Stripe's billing cycle anchor (Unix ms): the instant the account's billing periods count from (absent: the account's
    /// creation time). Named for the limiter script too, which is to read it for a month window on the billing period (not built yet).
    /// </summary>
    public const string CycleAnchor = "period_anchor";
    public const string GraceEndsAt = "grace_ends_at";

    /// <summary>Space-separated <c>keyId:expiryMs</c> (0 = never): the expiry is kept to restore the key to the active index.</summary>
    public const string DisabledKeys = "disabled_keys";

    /// <summary>The fields read with an account, in this order.</summary>
    public static readonly RedisValue[] All = [StripeCustomer, StripeSubscription, CycleAnchor, GraceEndsAt, DisabledKeys];

    /// <summary>Position of <see cref="DisabledKeys"/> in <see cref="All"/>.</summary>
    public const int DisabledKeysIndex = 4;

    public static AccountBilling ReadBilling(ReadOnlySpan<RedisValue> values)
    {
        if (values[0].IsNull && values[1].IsNull && values[2].IsNull && values[3].IsNull)
        {
            return AccountBilling.None;
        }
        return new AccountBilling(
            values[0].IsNullOrEmpty ? null : values[0].ToString(),
            values[1].IsNullOrEmpty ? null : values[1].ToString(),
            values[2].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)values[2]),
            values[3].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)values[3]));
    }

    public static IReadOnlyList<string> ReadDisabledKeyIds(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return [];
        }
        var entries = value.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ids = new string[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var colon = entries[i].IndexOf(':', StringComparison.Ordinal);
            ids[i] = colon < 0 ? entries[i] : entries[i][..colon];
        }
        return ids;
    }
}
