namespace Tollgate.Core.Limiting;

/// <summary>
/// The limiter core, storage-neutral: checks one account's windows and, when every window has room for all of a
/// request's units, counts them in all of them at once. Refused requests are never counted, not even in part.
/// </summary>
public interface IRateLimiter
{
    /// <summary>
    /// Admits one request of <paramref name="accountId"/> made with <paramref name="keyId"/> and counts its
    /// <paramref name="cost"/> units (its route's cost, 1 for most) in every window, or refuses it whole.
    /// </summary>
    Task<LimitDecision> AcquireAsync(string accountId, string keyId, int cost, TierLimits limits, CancellationToken cancellationToken);

    /// <summary>Reports the account's windows without counting anything.</summary>
    Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken);
}
