namespace Tollgate.Webhooks.Contracts;

/// <summary>An endpoint's delivery log, newest first.</summary>
/// <param name="WebhookId">The endpoint.</param>
/// <param name="Deliveries">Its deliveries.</param>
public sealed record WebhookDeliveryListResponse(string WebhookId, IReadOnlyList<WebhookDeliveryResponse> Deliveries);
