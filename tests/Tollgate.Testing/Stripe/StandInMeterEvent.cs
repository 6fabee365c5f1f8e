namespace Tollgate.Testing.Stripe;

/// <summary>A billing meter event as the stand-in recorded it (the first time its identifier arrived).</summary>
/// <param name="Identifier">The event's <c>identifier</c>, unique at Stripe.</param>
/// <param name="EventName">The meter's <c>event_name</c>.</param>
/// <param name="CustomerId"><c>payload[stripe_customer_id]</c>.</param>
/// <param name="Value"><c>payload[value]</c>: the units reported.</param>
public sealed record StandInMeterEvent(string Identifier, string EventName, string CustomerId, long Value);
