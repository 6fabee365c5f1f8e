namespace Tollgate.Core.Events;

/// <summary>The event types an account's webhooks can receive. Values never change once published.</summary>
public static class AccountEventTypes
{
    /// <summary>A window crossed a usage threshold (80% and 100% by default); written by the limiter script.</summary>
    public const string UsageThreshold = "usage.threshold";

    /// <summary>A request was refused for a window's limit; written by the limiter script.</summary>
    public const string UsageLimited = "usage.limited";

    /// <summary>A key expires within seven days (once per key).</summary>
    public const string KeyExpiring = "key.expiring";

    /// <summary>A key was revoked.</summary>
    public const string KeyRevoked = "key.revoked";

    /// <summary>The account moved to another tier (by an admin, the consumer or the payment provider).</summary>
    public const string TierChanged = "tier.changed";

    /// <summary>A payment failed and the account's grace period started.</summary>
    public const string PaymentFailed = "payment.failed";

    /// <summary>Every type, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<string> All = [UsageThreshold, UsageLimited, KeyExpiring, KeyRevoked, TierChanged, PaymentFailed];
}
