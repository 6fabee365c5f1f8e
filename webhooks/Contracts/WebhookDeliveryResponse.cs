using Tollgate.Webhooks.Delivery;

namespace Tollgate.Webhooks.Contracts;

/// <summary>One event on its way to one endpoint, as the delivery log shows it.</summary>
/// <param name="Id">The message id (the <c>webhook-id</c> header), the same on every attempt.</param>
/// <param name="Type">The event type.</param>
/// <param name="EventAt">When the event happened.</param>
/// <param name="Status"><c>pending</c> (an attempt is due or under way), <c>succeeded</c> or <c>failed</c> (retries given up).</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="LastAttemptAt">When the last attempt was made.</param>
/// <param name="LastStatusCode">The receiver's last status code; null before an attempt or when it did not answer.</param>
/// <param name="LastError">Why the last attempt failed; null when it did not.</param>
/// <param name="NextAttemptAt">When the next attempt is due, while pending.</param>
public sealed record WebhookDeliveryResponse(
    string Id,
    string Type,
    DateTimeOffset EventAt,
    string Status,
    int Attempts,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? NextAttemptAt)
{
    internal static WebhookDeliveryResponse From(DeliveryRecord d) => new(
        d.Id, d.Type, DateTimeOffset.FromUnixTimeMilliseconds(d.At), d.Status, d.Attempts,
        d.LastAttemptAt is { } last ? DateTimeOffset.FromUnixTimeMilliseconds(last) : null,
        d.LastStatusCode is > 0 ? d.LastStatusCode : null,
        string.IsNullOrEmpty(d.LastError) ? null : d.LastError,
        d.NextAttemptAt is { } next ? DateTimeOffset.FromUnixTimeMilliseconds(next) : null);
}
