namespace Tollgate.Webhooks.Contracts;

/// <summary>Body of a webhook registration.</summary>
/// <param name="Url">Where deliveries go: https, on a public network (unless <c>Webhooks:AllowPrivateNetworks</c>).</param>
/// <param name="Events">Event types to receive; absent or empty for all.</param>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events);
