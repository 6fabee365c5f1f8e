using Tollgate.Core.Accounts;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing;

/// <summary>
/// <see cref="BillingProviderKind.None"/>: takes no payments. A move that costs nothing more (down, sideways, to a
/// free tier) is approved; a move to a tier that costs more is answered <see cref="BillingResult.Unavailable"/>.
/// </summary>
public sealed class NoPaymentBillingProvider : IBillingProvider
{
    /// <summary>The reference of an approved move, which charged nothing.</summary>
    public const string Reference = "no-charge";

    /// <inheritdoc/>
    public Task<BillingResult> ChargeForTierChangeAsync(AccountRecord account, Tier currentTier, Tier newTier, CancellationToken cancellationToken) =>
        Task.FromResult(NeedsPayment(currentTier, newTier) ? BillingResult.Unavailable() : BillingResult.Approve(Reference));

    /// <summary>True when <paramref name="to"/> is priced and costs more than <paramref name="from"/>.</summary>
    public static bool NeedsPayment(Tier from, Tier to) => to.PriceMonthly > 0 && to.PriceMonthly > from.PriceMonthly;
}
