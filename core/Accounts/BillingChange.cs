namespace Tollgate.Core.Accounts;

/// <summary>
/// What the payment provider says about an account, for <see cref="AccountBillingWriter"/>: each part is optional and
/// absent parts are left as they are.
/// </summary>
internal sealed record BillingChange
{
    /// <summary>The provider's event id: the change is applied once per id. Null for changes of Tollgate's own (a grace period's end).</summary>
    public string? EventId { get; init; }

    /// <summary>When the provider created the event: an event older than one already applied never moves the tier back. Null: no ordering.</summary>
    public DateTimeOffset? EventCreated { get; init; }

    /// <summary>The tier to move to (a catalogue name); keys beyond its maximum are disabled, disabled keys it has room for come back. Null: keep.</summary>
    public string? Tier { get; init; }

    /// <summary>Stripe's customer id to keep on the account.</summary>
    public string? CustomerId { get; init; }

    /// <summary>Stripe's subscription id to keep on the account.</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>The subscription has ended: forget its id.</summary>
    public bool ClearSubscription { get; init; }

    /// <summary>Stripe's billing cycle anchor.</summary>
    public DateTimeOffset? CycleAnchor { get; init; }

    /// <summary>A payment failed: the account falls back to free then, unless a grace period is already running.</summary>
    public DateTimeOffset? StartGraceUntil { get; init; }

    /// <summary>A payment succeeded (or the account left its subscription): end any grace period.</summary>
    public bool ClearGrace { get; init; }

    /// <summary>The subscription the event is about: an account bound to another one is left alone. Null: any.</summary>
    public string? ForSubscription { get; init; }

    /// <summary>Apply only if the account's grace period has ended by now.</summary>
    public bool OnlyIfGraceEnded { get; init; }
}
