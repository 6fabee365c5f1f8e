using Tollgate.Webhooks.Endpoints;

namespace Tollgate.Webhooks.Contracts;

/// <summary>A registered endpoint, without its secret.</summary>
/// <param name="Id">Endpoint id (<c>wh_…</c>).</param>
/// <param name="Url">Where deliveries go.</param>
/// <param name="Events">Event types it receives; empty for all.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record WebhookResponse(string Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt)
{
    /// <summary>The answer for <paramref name="endpoint"/>.</summary>
    public static WebhookResponse From(StoredEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new(endpoint.Id, endpoint.Url, endpoint.Events, endpoint.CreatedAt);
    }
}
