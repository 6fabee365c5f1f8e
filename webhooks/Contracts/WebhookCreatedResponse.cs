namespace Tollgate.Webhooks.Contracts;

/// <summary>A new endpoint with its signing secret, shown in this answer only.</summary>
/// <param name="Id">Endpoint id (<c>wh_…</c>).</param>
/// <param name="Url">Where deliveries go.</param>
/// <param name="Events">Event types it receives; empty for all.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="Secret">The Standard Webhooks secret (<c>whsec_…</c>) that signs its deliveries.</param>
public sealed record WebhookCreatedResponse(string Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, string Secret);
