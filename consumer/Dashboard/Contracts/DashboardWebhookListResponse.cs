using Tollgate.Webhooks.Contracts;

namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>The account's webhook endpoints, with what the page's form offers.</summary>
/// <param name="MaxWebhooks">Endpoints the account may register (<c>Webhooks:MaxEndpointsPerAccount</c>).</param>
/// <param name="EventTypes">The event types an endpoint can subscribe to (none chosen: all).</param>
/// <param name="Webhooks">The endpoints, oldest first, never with a secret.</param>
internal sealed record DashboardWebhookListResponse(int MaxWebhooks, IReadOnlyList<string> EventTypes, IReadOnlyList<WebhookResponse> Webhooks);
