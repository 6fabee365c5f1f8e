using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Accounts;

/// <summary>What came of <see cref="TierChangeService.ChangeTierAsync"/>: exactly one of the nested cases.</summary>
public abstract record TierChangeResult
{
    private TierChangeResult()
    {
    }

    /// <summary>The account moved; gateways apply the new tier from their next request.</summary>
    /// <param name="From">The tier it left.</param>
    /// <param name="To">The tier it is on now.</param>
    /// <param name="BillingReference">The billing provider's reference for the change.</param>
    public sealed record Changed(Tier From, Tier To, string? BillingReference) : TierChangeResult;

    /// <summary>The account is on that tier already; nothing was charged or written.</summary>
    /// <param name="Tier">Its tier.</param>
    public sealed record Unchanged(Tier Tier) : TierChangeResult;

    /// <summary>There is no such account.</summary>
    public sealed record AccountNotFound : TierChangeResult;

    /// <summary>No tier of the catalogue has that name.</summary>
    /// <param name="Name">The name asked for.</param>
    public sealed record UnknownTier(string Name) : TierChangeResult;

    /// <summary>The account holds more active keys than the new tier allows; some must be revoked first.</summary>
    /// <param name="To">The tier asked for.</param>
    /// <param name="ToRevoke">Suggested keys to revoke, oldest first: exactly as many as are too many.</param>
    /// <param name="Allowed">Active keys the new tier allows.</param>
    /// <param name="Active">Active keys the account holds.</param>
    public sealed record TooManyKeys(Tier To, IReadOnlyList<ApiKeyRecord> ToRevoke, int Allowed, int Active) : TierChangeResult;

    /// <summary>The billing provider declined the change.</summary>
    /// <param name="Reason">Its reason.</param>
    public sealed record PaymentDeclined(string Reason) : TierChangeResult;

    /// <summary>
    /// A consumer asked for a tier that costs more and the service takes no payments (<c>Billing:Provider</c> None);
    /// nothing was written.
    /// </summary>
    /// <param name="From">The account's tier.</param>
    /// <param name="To">The tier asked for.</param>
    /// <param name="HowToUpgrade">What to do instead, in words fit for the caller.</param>
    public sealed record PaymentRequired(Tier From, Tier To, string HowToUpgrade) : TierChangeResult;

    /// <summary>
    /// A consumer asked for a tier that must be paid first: a checkout was opened at the provider and nothing was written. The tier
    /// changes when the provider reports the payment (Stripe's <c>checkout.session.completed</c>).
    /// </summary>
    /// <param name="From">The account's tier, which it keeps for now.</param>
    /// <param name="To">The tier asked for.</param>
    /// <param name="CheckoutUrl">The provider's page to send the consumer to.</param>
    public sealed record CheckoutRequired(Tier From, Tier To, Uri CheckoutUrl) : TierChangeResult;

    /// <summary>The account's tier changed while this change was under way; nothing was written. Read it again.</summary>
    public sealed record ConcurrentChange : TierChangeResult;
}
