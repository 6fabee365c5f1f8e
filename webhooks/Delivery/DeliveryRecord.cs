namespace Tollgate.Webhooks.Delivery;

/// <summary>One event on its way to one endpoint, as the delivery scripts keep it (snake_case JSON, times in Unix ms).</summary>
/// <param name="Id">The message id (<c>webhook-id</c>), the same on every attempt.</param>
/// <param name="EndpointId">The endpoint it goes to.</param>
/// <param name="Type">The event type.</param>
/// <param name="At">When the event happened.</param>
/// <param name="Data">The event's data, a JSON object as text.</param>
/// <param name="Status"><c>pending</c>, <c>succeeded</c> or <c>failed</c> (retries given up).</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="CreatedAt">When the delivery was created from the outbox.</param>
/// <param name="Deadline">Retries stop after this.</param>
/// <param name="NextAttemptAt">When the next attempt is due, while pending.</param>
/// <param name="LastAttemptAt">When the last attempt was made.</param>
/// <param name="LastStatusCode">The receiver's last status code; 0 when it did not answer.</param>
/// <param name="LastError">Why the last attempt failed; empty when it did not.</param>
/// <param name="LastDurationMs">How long the last attempt took.</param>
internal sealed record DeliveryRecord(
    string Id,
    string EndpointId,
    string Type,
    long At,
    string Data,
    string Status,
    int Attempts,
    long CreatedAt,
    long Deadline,
    long? NextAttemptAt = null,
    long? LastAttemptAt = null,
    int? LastStatusCode = null,
    string? LastError = null,
    long? LastDurationMs = null);
