namespace Tollgate.Core.Limiting;

/// <summary>
/// The limiter core, storage-neutral: checks one account's windows and, when every window has room,
/// counts the request in all of them at once. Refused requests are never counted.
/// </summary>
public interface IRateLimiter
{
    /// <summary>Admits and counts one request of <paramref name="accountId"/> made with <paramref name="keyId"/>, or refuses it.</summary>
    Task<LimitDecision> AcquireAsync(string accountId, string keyId, TierLimits limits, CancellationToken cancellationToken);

    /// <summary>Reports the account's windows without counting anything.</summary>
    Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken);
}
