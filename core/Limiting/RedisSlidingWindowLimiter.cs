using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Limiting.Leases;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>
/// <see cref="IRateLimiter"/> over Redis: calls of the sliding-window script with the windows of the account's limits
/// (<see cref="TierLimits.Windows"/>: hour, day, month and, for a tier with a burst limit, second), the per-day usage of
/// each key, and what the script records beside them (overage units, usage events).
/// </summary>
/// <remarks>
/// A request whose account has no call in flight from this process goes out at once, alone. Requests of an account
/// that arrive while its call is in flight wait for it and then go out together in one call, which counts as many of
/// them, in order, as the windows have room for: one round trip and one script run for a burst instead of one per
/// request, and still every request is counted in Redis before it is admitted.
/// <para>
/// The windows run on Redis's clock (<c>TIME</c> in the script), the one clock all instances share; what a decision
/// says of time (retry after, reset) is a duration from the moment Redis ran the call, so this process's own clock,
/// however far off, changes none of it.
/// </para>
/// <para>
/// Every call carries a deadline (<see cref="RedisClock"/>), the earliest of its requests': a call that Redis runs after
/// its callers have given up waiting (a hung Redis that resumes) counts nothing and ends in a
/// <see cref="StoreUnavailableException"/> (<see cref="StoreFault.Timeout"/>), like a call that never answered: whatever
/// goes wrong with the store, that is the one exception a caller of this limiter sees.
/// </para>
/// <para>
/// Each call goes through <see cref="RedisGuard"/>, once, whatever the number of requests it carries: the breaker counts
/// calls, not waiting requests. Each request waits at most the guard's <see cref="RedisGuard.Timeout"/> from its own arrival; the
/// call waits as long as the last of its requests does. A request is only ever failed for its own sake: by the end of
/// its own wait, by the call failing, or by the call running after the request's own deadline. When Redis runs a call
/// after its earliest request's deadline (it counts nothing), the requests that joined it later and still wait go out
/// again in the next call.
/// </para>
/// </remarks>
internal sealed class RedisSlidingWindowLimiter(
    IConnectionMultiplexer redis,
    SlidingWindowScript script,
    AccountWindowKeys keyNames,
    RedisClock clock,
    RedisGuard guard,
    IOptions<LimitsOptions> options,
    LeaseLessee lessee,
    TimeProvider timeProvider) : IRateLimiter
{
    // How long the guard waits for a call: when a waiting request's caller gives up.
    private readonly TimeSpan _timeout = guard.Timeout;

    /// <summary>
    /// The mode every decision is made in: the one read of <c>Limits:Mode</c>, since the script needs it (in shadow mode
    /// it counts every request and only reports what enforcing would have decided). Decisions carry it
    /// (<see cref="LimitDecision.Mode"/>), so nothing downstream reads the setting again.
    /// </summary>
    public LimitsMode Mode { get; } = options.Value.Mode;

    // Only accounts with a call in flight have an entry.
    private readonly ConcurrentDictionary<string, AccountCallQueue> _queues = new(StringComparer.Ordinal);

    public Task<LimitDecision> AcquireAsync(string accountId, string keyId, int cost, TierLimits limits, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cost);
        cancellationToken.ThrowIfCancellationRequested();
        var sentAt = clock.LocalNow;
        var request = new PendingAcquire(
            keyId, cost, limits, clock.DeadlineFor(sentAt, _timeout), sentAt + (long)_timeout.TotalMicroseconds, cancellationToken);

        var queue = _queues.GetOrAdd(accountId, static id => new AccountCallQueue(id));
        lock (queue.Gate)
        {
            if (queue.Sending)
            {
                queue.Add(request);
                return WaitAsync(request);
            }
            queue.Sending = true;
        }
        // Alone: its call goes out now with it only, and the guard waits for that call no longer than this request's own
        // wait (WaitUntil of its give-up time), so the call ends when the request's wait does: no timer of its own per
        // request (the largest cost of a limiter call spread over many accounts). Its caller going away meanwhile does not
        // end the wait early; the call was sent already and counts it either way.
        _ = SendWhileWaitingAsync(queue, request);
        return request.Decision;
    }

    /// <summary>
    /// The decision of a request that waits for a call of its account in flight, or a timeout once its own wait is over
    /// (whatever the call it is in does).
    /// </summary>
    private async Task<LimitDecision> WaitAsync(PendingAcquire request)
    {
        try
        {
            return await request.Decision.WaitAsync(_timeout, timeProvider, request.CancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new StoreUnavailableException(StoreFault.Timeout, "The limiter call did not answer within the request's wait.", e);
        }
    }

    public async Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await CallAsync(accountId, limits, deadline: 0, []).ConfigureAwait(false);
        return result.Report(limits, Mode);
    }

    /// <summary>Sends <paramref name="first"/> alone, then the account's waiting requests, one call at a time, until none is left.</summary>
    private async Task SendWhileWaitingAsync(AccountCallQueue queue, PendingAcquire first)
    {
        List<PendingAcquire>? batch = [first];
        while (true)
        {
            if (batch is null)
            {
                lock (queue.Gate)
                {
                    batch = queue.TakeBatch(clock.LocalNow);
                    if (batch.Count == 0 && queue.IsEmpty)
                    {
                        queue.Sending = false;
                        _queues.TryRemove(new KeyValuePair<string, AccountCallQueue>(queue.AccountId, queue));
                        return;
                    }
                }
            }
            if (batch.Count > 0 && await SendAsync(queue.AccountId, batch).ConfigureAwait(false) is { } again)
            {
                lock (queue.Gate)
                {
                    queue.Return(again);
                }
            }
            batch = null;
        }
    }

    /// <summary>
    /// One call for <paramref name="batch"/>, through the guard (one success or failure for the breaker); answers every
    /// request in it and never throws. Returns the requests to send again: those still waiting when Redis ran the call
    /// too late for an earlier one.
    /// </summary>
    private async Task<List<PendingAcquire>?> SendAsync(string accountId, List<PendingAcquire> batch)
    {
        try
        {
            var deadline = 0L;
            var firstGiveUp = long.MaxValue;
            var lastGiveUp = 0L;
            var requests = new (string KeyId, int Cost)[batch.Count];
            var costs = new int[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                requests[i] = (batch[i].KeyId, batch[i].Cost);
                costs[i] = batch[i].Cost;
                if (batch[i].Deadline > 0 && (deadline == 0 || batch[i].Deadline < deadline))
                {
                    deadline = batch[i].Deadline;
                }
                firstGiveUp = Math.Min(firstGiveUp, batch[i].GiveUpAt);
                lastGiveUp = Math.Max(lastGiveUp, batch[i].GiveUpAt);
            }

            var result = await guard.RunAsync(
                () => CallAsync(accountId, batch[0].Limits, deadline, requests), WaitUntil(lastGiveUp), CancellationToken.None).ConfigureAwait(false);
            if (clock.DeadlineForResend(result.Late, firstGiveUp) is { } resendDeadline)
            {
                // Judged late, yet answered before any of its callers gave up: Redis's clock stepped forward.
                result = await guard.RunAsync(
                    () => CallAsync(accountId, batch[0].Limits, resendDeadline, requests), WaitUntil(lastGiveUp), CancellationToken.None)
                    .ConfigureAwait(false);
            }
            if (result.Late)
            {
                return Late(batch, result.RedisTimeMicroseconds);
            }
            var decisions = result.Decisions(costs, batch[0].Limits, Mode);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Decide(decisions[i]);
            }
        }
#pragma warning disable CA1031 // Whatever went wrong is each waiting request's answer; the queue must go on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var request in batch)
            {
                request.Fail(e);
            }
        }
        return null;
    }

    private TimeSpan WaitUntil(long giveUpAt) => TimeSpan.FromMicroseconds(Math.Max(1, giveUpAt - clock.LocalNow));

    /// <summary>
    /// Redis ran the call after its deadline, the earliest of its requests', and counted nothing: fails the requests
    /// whose own deadline had passed when it ran, and returns the others to go out again.
    /// </summary>
    private static List<PendingAcquire>? Late(List<PendingAcquire> batch, long ranAt)
    {
        var late = new StoreUnavailableException(StoreFault.Timeout, "Redis ran the limiter call after its deadline; it counted nothing.");
        List<PendingAcquire>? again = null;
        foreach (var request in batch)
        {
            if ((request.Deadline == 0 || request.Deadline > ranAt) && !request.Decision.IsCompleted)
            {
                (again ??= []).Add(request);
            }
            else
            {
                request.Fail(late);
            }
        }
        return again;
    }

    /// <summary>Redis's time as this process knows it (<see cref="RedisClock"/>); this process's own before the first answer.</summary>
    private DateTimeOffset EstimatedRedisNow()
    {
        var redisNow = clock.EstimatedRedisNow();
        return redisNow > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(redisNow / 1000) : timeProvider.GetUtcNow();
    }

    private async Task<SlidingWindowResult> CallAsync(string accountId, TierLimits limits, long deadline, (string KeyId, int Cost)[] requests)
    {
        // The windows run on Redis's clock, in the script. This process's clock only names the day the usage is
        // attributed to: a gateway a few seconds off at midnight puts a request in the neighbouring day's total.
        var keys = keyNames.For(accountId, EpochDay.Of(timeProvider.GetUtcNow()), limits);
        var redisNow = limits.FollowsBillingPeriod ? EstimatedRedisNow() : default;
        var args = SlidingWindowScript.Arguments(Mode == LimitsMode.Enforce, deadline, limits, requests, redisNow, lessee.Call);
        var result = SlidingWindowScript.Parse(await script.EvaluateAsync(redis.GetDatabase(), keys, args).ConfigureAwait(false), limits);
        clock.Observe(result.RedisTimeMicroseconds, clock.LocalNow);
        if (result.StalePeriod)
        {
            // Redis's time lay more than a month from the estimate (its clock jumped): once more, around the time it answered.
            args = SlidingWindowScript.Arguments(
                Mode == LimitsMode.Enforce, deadline, limits, requests, DateTimeOffset.FromUnixTimeMilliseconds(result.RedisTimeMicroseconds / 1000),
                lessee.Call);
            result = SlidingWindowScript.Parse(await script.EvaluateAsync(redis.GetDatabase(), keys, args).ConfigureAwait(false), limits);
            clock.Observe(result.RedisTimeMicroseconds, clock.LocalNow);
            if (result.StalePeriod)
            {
                throw new StoreUnavailableException(StoreFault.ServerError, "Redis's clock moved by more than a month between two calls.");
            }
        }
        return result;
    }
}
