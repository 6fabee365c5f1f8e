namespace Tollgate.Webhooks.Contracts;

/// <summary>An endpoint's new secret (shown in this answer only) and when the previous one stops signing.</summary>
/// <param name="Id">Endpoint id.</param>
/// <param name="Secret">The new secret; deliveries carry a signature by it from now on.</param>
/// <param name="PreviousSecretExpiresAt">Until then deliveries carry a signature by the previous secret too.</param>
public sealed record WebhookSecretResponse(string Id, string Secret, DateTimeOffset PreviousSecretExpiresAt);
