namespace Tollgate.Core.Limiting;

/// <summary>One request waiting for its account's next limiter call.</summary>
/// <param name="KeyId">The key its usage is attributed to.</param>
/// <param name="Cost">The units it takes from every window.</param>
/// <param name="Limits">The limits it is checked against.</param>
/// <param name="Deadline">Redis time (µs) after which its caller has stopped waiting; 0 when not yet known.</param>
/// <param name="GiveUpAt">The same moment in <see cref="Redis.RedisClock.LocalNow"/> time.</param>
/// <param name="CancellationToken">Its request's cancellation: a request cancelled while it waits is not counted.</param>
internal sealed class PendingAcquire(string KeyId, int Cost, TierLimits Limits, long Deadline, long GiveUpAt, CancellationToken CancellationToken)
{
    public string KeyId { get; } = KeyId;

    public int Cost { get; } = Cost;

    public TierLimits Limits { get; } = Limits;

    public long Deadline { get; } = Deadline;

    public long GiveUpAt { get; } = GiveUpAt;

    public CancellationToken CancellationToken { get; } = CancellationToken;

    private readonly TaskCompletionSource<LimitDecision> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the request's decision.</summary>
    public Task<LimitDecision> Decision => _decision.Task;

    public void Decide(LimitDecision decision) => _decision.TrySetResult(decision);

    public void Fail(Exception exception) => _decision.TrySetException(exception);

    public void Cancel() => _decision.TrySetCanceled(CancellationToken);
}
