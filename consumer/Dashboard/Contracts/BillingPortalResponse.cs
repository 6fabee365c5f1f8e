namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>A customer-portal session opened at the payment provider.</summary>
/// <param name="PortalUrl">The provider's page to send the browser to; it sends the browser back to the dashboard.</param>
internal sealed record BillingPortalResponse(Uri PortalUrl);
