namespace Tollgate.Webhooks.Delivery;

/// <summary>How one attempt went.</summary>
/// <param name="At">When it was made.</param>
/// <param name="Succeeded">The receiver answered 2xx.</param>
/// <param name="StatusCode">The receiver's status code; 0 when none came (refused, timed out, unreachable).</param>
/// <param name="Error">Why it failed; empty when it did not.</param>
/// <param name="Duration">How long it took.</param>
internal sealed record DeliveryAttempt(DateTimeOffset At, bool Succeeded, int StatusCode, string Error, TimeSpan Duration);
