namespace Tollgate.Webhooks.Contracts;

/// <summary>An account's endpoints, oldest first.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Webhooks">Its endpoints.</param>
public sealed record WebhookListResponse(string AccountId, IReadOnlyList<WebhookResponse> Webhooks);
