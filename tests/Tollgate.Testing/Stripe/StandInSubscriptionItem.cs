namespace Tollgate.Testing.Stripe;

/// <summary>One item of a <see cref="StandInSubscription"/>: a price, licensed (quantity 1) or metered (billed by a meter, no quantity).</summary>
/// <param name="Id">The item's id (<c>si_…</c>).</param>
/// <param name="PriceId">Its price (<c>price_…</c>).</param>
/// <param name="Metered">True for a metered price (<c>recurring.usage_type=metered</c>).</param>
public sealed record StandInSubscriptionItem(string Id, string PriceId, bool Metered);
