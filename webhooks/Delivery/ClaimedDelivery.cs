using Tollgate.Webhooks.Endpoints;

namespace Tollgate.Webhooks.Delivery;

/// <summary>A delivery the worker has claimed for one attempt, with the endpoint it goes to.</summary>
/// <param name="AccountId">The account it belongs to.</param>
/// <param name="Field">Its field in the deliveries hash (<c>endpointId/messageId</c>).</param>
/// <param name="Delivery">The delivery.</param>
/// <param name="Endpoint">Its endpoint (URL and secrets).</param>
internal sealed record ClaimedDelivery(string AccountId, string Field, DeliveryRecord Delivery, StoredEndpoint Endpoint);
