using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting.Leases;

/// <summary>
/// Permit leases over the gateway's limiter: for an account whose requests arrive on this instance often enough that a
/// lease can expect about three of them, one call of <c>sliding_window.lua</c> counts several requests of it at once (as
/// many as every window has room for, like a burst), and this instance admits the account's next requests from those
/// permits without a round trip. Every request is still counted in Redis before it is admitted, so no window ever admits
/// more than its limit, whatever the number of instances; a refused request is never counted (a take counts only what
/// fits).
/// </summary>
/// <remarks>
/// A lease serves for its lifetime at most, and never past the end of the bucket its permits were counted in (the
/// shortest window's bucket, whose edges every longer window's share): each request it admits then lies in the bucket
/// that counts it, which stays in the window for as long as the request must be counted. When it ends (expired, the
/// account's limits changed, a usage read settling it, or the instance shutting down) <c>return_permits.lua</c> takes its
/// unused permits out of that bucket and moves its usage to the keys that used it; a lease used up by the key that took
/// it ends without a call. An instance that dies holding a lease strands its unused permits until their bucket leaves
/// each window: the account is under-admitted by at most one lease (and a top-up in flight) for that long, never
/// over-admitted.
/// <para>
/// A lease's lifetime and size follow the account's rate here: the lifetime is what the rate needs for about 64
/// requests, between <see cref="LeaseOptions.MinLifetimeMs"/> (a busy account) and <see cref="LeaseOptions.MaxLifetimeMs"/>
/// (a slow one, e.g. one of thousands that each send a few requests a second); the permits are three quarters of the
/// requests that lifetime predicts (so most leases run out rather than go back), at most
/// <see cref="LeaseOptions.MaxPermits"/> and at most room ÷ (<see cref="LeaseOptions.Headroom"/> ×
/// <see cref="LimitsOptions.InstanceCount"/>) of the room left at the last decision, so all instances' leases together
/// hold a small share of what is left, and near a limit (fewer than two permits by that rule) every request makes its own
/// call, so the last permits are never stranded on one instance. Requests that arrive while a take is in flight wait for
/// it and are served from it. A lease is topped up ahead of need while the rate, not the room, sizes it
/// (<see cref="TakeAheadDue"/>), so the account's requests rarely meet a take in flight.
/// </para>
/// <para>
/// Leases held elsewhere never cost the account part of its limit: each take marks the account as leased by this
/// instance (<see cref="LeaseLessee"/>) in the same call, and a call that refuses a request while other instances' marks
/// are live asks those leases back (the script publishes the reclaim, <see cref="Reclaim"/> ends them, their returns
/// announce themselves, <see cref="Returned"/>); the refused request waits for that many returns, at most
/// <c>Redis:TimeoutMs</c>, and is decided once more. Only such refusals pay; reads of usage do the same.
/// </para>
/// <para>
/// Anything else goes to the plain limiter: accounts without a recent rate, the account's requests for a second after a
/// failed take, refusals and the exhausted-account shortcut. A take that fails answers its own request and those that
/// waited for it by the outage policy at once (<see cref="ResilientRateLimiter.FallbackAsync"/>): a hung Redis costs them
/// one timeout, not two, and the breaker one failure, not one per waiter. Memory is one small entry per account seen within the last two seconds or so; the sweeper drops the rest.
/// </para>
/// </remarks>
internal sealed partial class LeasingRateLimiter : IRateLimiter, ILeaseSettlement, IDisposable
{
    // Entries of accounts idle this long (or two longest lifetimes, if more) go; also bounds how stale a rate or room may be.
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(2);

    // The requests a lease aims to serve: its lifetime is what the account's rate needs for this many, within the bounds.
    // Over 1,000 accounts on one gateway (~14 requests a second each) a lease takes ~42 permits for 4 s; measured Redis
    // calls per request: 0.30-0.36 aiming at 8, 0.09-0.10 at 32 (BENCHMARKS.md "Fourth pass"), fewer at 64 ("Eighth pass").
    private const double TargetUses = 64;

    // A lease takes this share of the uses its lifetime predicts: most leases then run out before they expire, and a
    // lease that runs out ends without a return call.
    private const double Fill = 0.75;

    // A lease is topped up once it holds about what the account sends during this long (a take's round trip under load is
    // 1-2 ms here; BENCHMARKS.md "Seventh pass"), at least its last permit: the top-up lands before the lease runs out,
    // and a slow account's lease is used up before it is topped up, so topping up costs it no extra take.
    private static readonly TimeSpan TopUpLead = TimeSpan.FromMilliseconds(5);

    // After a failed take: how long the account goes through the plain limiter.
    private static readonly TimeSpan BackOff = TimeSpan.FromSeconds(1);

    // A lease stops this far before its bucket ends: clock rates of Redis and this host differ a little.
    private static readonly TimeSpan BucketMargin = TimeSpan.FromMilliseconds(2);

    // New accounts beyond this many are not leased (the plain limiter serves them): bounds memory under a flood.
    private const int MaxAccounts = 100_000;

    // A lease's mark in the account's leases hash outlives its lifetime by this much: its return, by the sweeper, comes
    // within half a short lifetime of its end and one round trip.
    private static readonly TimeSpan MarkSlack = TimeSpan.FromMilliseconds(500);

    private static readonly IReadOnlyList<LimitWindow> Windows = LimitWindow.All;

    private readonly ExhaustedAccountShortcut _inner;
    private readonly ResilientRateLimiter _outage;
    private readonly IConnectionMultiplexer _redis;
    private readonly SlidingWindowScript _takeScript;
    private readonly ReturnPermitsScript _returnScript;
    private readonly AccountWindowKeys _keyNames;
    private readonly RedisClock _clock;
    private readonly RedisGuard _guard;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LeasingRateLimiter> _logger;
    private readonly string _lessee;
    private readonly TimeSpan _reclaimWait;
    private long _leaseSequence;
    private bool _listening;
    private readonly int _maxPermits;
    private readonly long _roomPerPermit;
    private readonly TimeSpan _minLifetime;
    private readonly TimeSpan _maxLifetime;
    private readonly long _interval;
    private readonly long _shortest;
    private readonly long _idle;
    private readonly ConcurrentDictionary<string, AccountLeaseState> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _returns = new();
    private readonly ITimer _sweeper;
    private readonly Lock _sweeping = new();
    private volatile bool _stopping;

    public LeasingRateLimiter(
        ExhaustedAccountShortcut inner,
        ResilientRateLimiter outage,
        IConnectionMultiplexer redis,
        SlidingWindowScript takeScript,
        ReturnPermitsScript returnScript,
        AccountWindowKeys keyNames,
        RedisClock clock,
        RedisGuard guard,
        IOptions<LimitsOptions> limits,
        IOptions<LeaseOptions> options,
        LeaseLessee lessee,
        TimeProvider timeProvider,
        ILogger<LeasingRateLimiter> logger)
    {
        _lessee = lessee.Id ?? string.Empty;
        // A refused request waits for leases asked back no longer than a Redis call may take.
        _reclaimWait = guard.Timeout;
        _inner = inner;
        _outage = outage;
        _redis = redis;
        _takeScript = takeScript;
        _returnScript = returnScript;
        _keyNames = keyNames;
        _clock = clock;
        _guard = guard;
        _timeProvider = timeProvider;
        _logger = logger;
        var lease = options.Value;
        _maxPermits = lease.MaxPermits;
        _roomPerPermit = (long)lease.Headroom * Math.Max(1, limits.Value.InstanceCount);
        _minLifetime = lease.MinLifetime;
        _maxLifetime = lease.MaxLifetime;
        // Rates are counted over the longest lifetime: long enough to see a few requests of a slow account.
        _interval = Ticks(_maxLifetime);
        _shortest = Ticks(_minLifetime);
        _idle = Ticks(IdleAfter > 2 * _maxLifetime ? IdleAfter : 2 * _maxLifetime);
        // Half the shortest lifetime: an expired lease goes back within half a short lifetime of its end.
        _sweeper = timeProvider.CreateTimer(static s => ((LeasingRateLimiter)s!).Sweep(stopping: false), this, _minLifetime / 2, _minLifetime / 2);
    }

    /// <summary>
    /// True once this instance hears the lease channel (<see cref="Redis.RedisKeys.LeaseEvents"/>): only then does a request
    /// refused while other instances hold leases of its account wait for their return.
    /// </summary>
    public bool Listening
    {
        get => Volatile.Read(ref _listening);
        set => Volatile.Write(ref _listening, value);
    }

    public async Task<LimitDecision> AcquireAsync(string accountId, string keyId, int cost, TierLimits limits, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!Leasable(cost, limits))
        {
            await SettleIfInTheWayAsync(accountId, cost, cancellationToken).ConfigureAwait(false);
            _accounts.TryGetValue(accountId, out var known);
            var seen = ReturnsSeen(known);
            var decision = await _inner.AcquireAsync(accountId, keyId, cost, limits, cancellationToken).ConfigureAwait(false);
            if (known is null && decision.Refuses && decision.LeasesElsewhere > 0 && Listening)
            {
                // An account this instance has no entry for (only weighted requests of it came here) refused while other
                // instances lease it: the call asked them back, and the wait needs an entry the returns can find. Made
                // now, it hears the returns that come from here on (one that came first costs this request the bounded wait).
                known = ReaderState(accountId);
                seen = ReturnsSeen(known);
            }
            return await AfterRefusalAsync(known, seen, keyId, cost, limits, decision, cancellationToken).ConfigureAwait(false);
        }
        var arrived = false;
        while (!_stopping)
        {
            if (!_accounts.TryGetValue(accountId, out var state))
            {
                if (_accounts.Count >= MaxAccounts)
                {
                    break;
                }
                state = _accounts.GetOrAdd(accountId, static id => new AccountLeaseState(id));
            }

            PermitLease? ended = null;
            Task<StoreUnavailableException?>? joined = null;
            LimitDecision? served = null;
            var permits = 0;
            var lifetime = TimeSpan.Zero;
            PermitLease? topped = null;
            lock (state.Gate)
            {
                if (state.Removed)
                {
                    continue;
                }
                var now = _timeProvider.GetTimestamp();
                if (!arrived)
                {
                    state.Arrive(now, _interval);
                    arrived = true;
                }
                served = UseLease(state, keyId, limits, now, out ended);
                if (served is not null)
                {
                    topped = TakeAheadDue(state, limits, now, out permits, out lifetime) ? state.Lease : null;
                }
                else
                {
                    if (state.Taking is { } taking)
                    {
                        joined = taking.Task;
                    }
                    else
                    {
                        (permits, lifetime, _) = LeaseSize(state, limits, now, PerSecond(state, now));
                        if (permits >= 2)
                        {
                            state.Taking = new TaskCompletionSource<StoreUnavailableException?>(TaskCreationOptions.RunContinuationsAsynchronously);
                        }
                    }
                }
            }
            _ = EndOutsideLock(state, ended);
            if (served is not null)
            {
                if (topped is not null)
                {
                    // Not awaited: this request is served; the top-up lands before the lease runs out.
                    _ = TakeAheadAsync(state, topped, keyId, limits, permits, lifetime);
                }
                return served;
            }

            if (joined is not null)
            {
                // Served from the lease being taken, if it has a permit left once it lands. When the take failed, the
                // outage policy answers at once: no call of its own after the take's timeout, no breaker failure per waiter.
                if (await joined.WaitAsync(cancellationToken).ConfigureAwait(false) is { } failure)
                {
                    return await _outage.FallbackAsync(accountId, keyId, cost, limits, failure, cancellationToken).ConfigureAwait(false);
                }
                continue;
            }
            if (permits >= 2)
            {
                return await TakeAsync(state, keyId, limits, permits, lifetime, cancellationToken).ConfigureAwait(false);
            }
            return await PlainAsync(state, keyId, limits, cancellationToken).ConfigureAwait(false);
        }
        return await _inner.AcquireAsync(accountId, keyId, cost, limits, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Under the account's lock: the request admitted from the account's lease, if it can serve it. A lease that can
    /// serve no more (used up, expired, the account's limits changed) comes off the account as <paramref name="ended"/>,
    /// to be ended outside the lock.
    /// </summary>
    private LimitDecision? UseLease(AccountLeaseState state, string keyId, TierLimits limits, long now, out PermitLease? ended)
    {
        ended = null;
        if (state.Lease is not { } lease)
        {
            return null;
        }
        LimitDecision? served = null;
        if (lease.CanServe(limits, now))
        {
            served = lease.Use(keyId, now);
            state.Learn(served, limits, now, _shortest);
        }
        if (!lease.CanServe(limits, now))
        {
            state.Lease = null;
            ended = lease;
        }
        return served;
    }

    /// <summary>
    /// Whether a request may be served from leases: a permit is one unit of the hour, day and month windows. Requests of a
    /// weighted route, tiers with a burst window (its 100 ms buckets outlive no lease) and tiers that bill overage (a
    /// returned permit would have to take its metered unit back) go to the plain limiter, one call each; so do tiers whose
    /// month is the billing period (leases take and return permits in the sliding month's buckets).
    /// </summary>
    private static bool Leasable(int cost, TierLimits limits) =>
        cost == 1 && !limits.BillsOverage && limits.PerSecond is null && !limits.FollowsBillingPeriod;

    /// <summary>Reports the account's windows after settling this instance's lease of it (<see cref="SettleAsync"/>).</summary>
    /// <remarks>
    /// When other instances hold leases of the account, the read asks them back (the script publishes the reclaim), waits
    /// a bounded time for their returns and reads once more: what it reports is then what was used, not what was leased.
    /// </remarks>
    public async Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken)
    {
        await SettleAsync(accountId, cancellationToken).ConfigureAwait(false);
        var state = ReaderState(accountId);
        var seen = ReturnsSeen(state);
        var report = await _inner.PeekAsync(accountId, limits, cancellationToken).ConfigureAwait(false);
        if (report.LeasesElsewhere == 0 || state is null || !Listening)
        {
            return report;
        }
        await WaitForReturnsAsync(state, seen.Others, report.LeasesElsewhere, cancellationToken).ConfigureAwait(false);
        return await _inner.PeekAsync(accountId, limits, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The account's entry for a usage read (or a weighted request's refusal), kept from the sweeper for as long as an idle
    /// entry stays: a read waits on it
    /// for the returns it asked for, and the lease channel's <c>returned</c> finds the waiter through it. (An entry made
    /// for a read has no request to its name, and the sweeper used to drop it within a sweep, so the read waited out
    /// its whole bound.) None when too many accounts are known.
    /// </summary>
    private AccountLeaseState? ReaderState(string accountId)
    {
        while (true)
        {
            var state = _accounts.TryGetValue(accountId, out var known) || _accounts.Count >= MaxAccounts
                ? known
                : _accounts.GetOrAdd(accountId, static id => new AccountLeaseState(id));
            if (state is null)
            {
                return null;
            }
            lock (state.Gate)
            {
                if (!state.Removed)
                {
                    state.Touch(_timeProvider.GetTimestamp());
                    return state;
                }
            }
        }
    }

    /// <summary>
    /// Another instance (<paramref name="lessee"/>) was refused a request of the account, or read its usage, while this
    /// one held a lease of it: ends the lease at once (its unused permits go back, and the return announces itself) and
    /// leases the account no more for a longest lifetime, since it is near a limit. A lease used up without a return
    /// still has its mark in Redis: that goes too, so nobody waits for it.
    /// </summary>
    public void Reclaim(string lessee, string accountId)
    {
        if (string.Equals(lessee, _lessee, StringComparison.Ordinal) || !_accounts.TryGetValue(accountId, out var state))
        {
            return;
        }
        PermitLease? ended;
        lock (state.Gate)
        {
            var now = _timeProvider.GetTimestamp();
            state.NoLeaseUntil = Math.Max(state.NoLeaseUntil, now + Ticks(_maxLifetime));
            ended = state.Lease ?? (state.Marked is { } marked && now < marked.MarkedUntil ? marked : null);
            state.Lease = null;
        }
        _ = EndOutsideLock(state, ended, force: true);
    }

    /// <summary>
    /// A lease of the account went back (<paramref name="lessee"/>'s): a refusal remembered for it is stale, and a request
    /// or read waiting for returns may go on.
    /// </summary>
    public void Returned(string lessee, string accountId)
    {
        _inner.Forget(accountId);
        if (string.Equals(lessee, _lessee, StringComparison.Ordinal) || !_accounts.TryGetValue(accountId, out var state))
        {
            return;
        }
        TaskCompletionSource? arrived;
        lock (state.Gate)
        {
            arrived = state.ReturnAnnounced();
        }
        arrived?.TrySetResult();
    }

    /// <summary>Lease returns lost while disconnected from the channel: no remembered refusal can be trusted.</summary>
    public void MissedReturns() => _inner.Clear();

    /// <summary>What an account's returns stood at before a call: a refusal may then tell whether permits went back since.</summary>
    private readonly record struct ReturnsMark(long Others, long OwnStarted, bool OwnPending);

    private static ReturnsMark ReturnsSeen(AccountLeaseState? state)
    {
        if (state is null)
        {
            return default;
        }
        lock (state.Gate)
        {
            return new ReturnsMark(state.ReturnsSeen, state.OwnReturnsStarted, !state.OwnReturns.IsCompleted);
        }
    }

    /// <summary>
    /// A refusal of a request this instance can still admit from its own lease of the account: a lease taken (or still
    /// being taken) while this request's own call was in flight counted the account's last room, so Redis refused the
    /// call while the permits sat here. The request is then served from that lease, as it would have been had it arrived
    /// a moment later; without this, 60 requests sent at once by a free account got a 429 among them now and then.
    /// </summary>
    private async Task<LimitDecision> FromOwnLeaseAsync(
        AccountLeaseState state, string keyId, TierLimits limits, LimitDecision decision, CancellationToken cancellationToken)
    {
        if (!decision.Refuses)
        {
            return decision;
        }
        while (true)
        {
            LimitDecision? served;
            PermitLease? ended;
            Task? taking;
            lock (state.Gate)
            {
                served = UseLease(state, keyId, limits, _timeProvider.GetTimestamp(), out ended);
                taking = served is null ? state.Taking?.Task : null;
            }
            _ = EndOutsideLock(state, ended);
            if (served is not null)
            {
                return served;
            }
            if (taking is null)
            {
                return decision;
            }
            // A take in flight: its lease may hold a permit for this request once it lands (a failed take leaves none).
            await taking.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A refusal that permits going back may undo: this instance's own lease returns in flight when it was decided
    /// (a lease that expired mid-burst: its unused permits still counted), or <see cref="LimitDecision.LeasesElsewhere"/>
    /// other instances' leases (the call asked them back). Waits for those returns, each at most
    /// <see cref="_reclaimWait"/>, then asks once more. Only such refusals pay; the second answer is final.
    /// </summary>
    private async Task<LimitDecision> AfterRefusalAsync(
        AccountLeaseState? state, ReturnsMark seen, string keyId, int cost, TierLimits limits, LimitDecision decision, CancellationToken cancellationToken)
    {
        if (!decision.Refuses || state is null)
        {
            return decision;
        }
        Task? own;
        lock (state.Gate)
        {
            own = seen.OwnPending || state.OwnReturnsStarted != seen.OwnStarted ? state.OwnReturns : null;
        }
        var elsewhere = decision.LeasesElsewhere > 0 && Listening;
        if (own is null && !elsewhere)
        {
            return decision;
        }
        if (own is not null)
        {
            // A return is guarded (it gives up after Redis:TimeoutMs) and never throws.
            await own.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (elsewhere)
        {
            await WaitForReturnsAsync(state, seen.Others, decision.LeasesElsewhere, cancellationToken).ConfigureAwait(false);
        }
        return await _inner.AcquireAsync(state.AccountId, keyId, cost, limits, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitForReturnsAsync(AccountLeaseState state, long seen, int returns, CancellationToken cancellationToken)
    {
        var until = _timeProvider.GetTimestamp() + Ticks(_reclaimWait);
        while (true)
        {
            Task next;
            lock (state.Gate)
            {
                if (state.ReturnsSeen - seen >= returns)
                {
                    return;
                }
                next = state.NextReturn;
            }
            var left = until - _timeProvider.GetTimestamp();
            if (left <= 0)
            {
                return;
            }
            try
            {
                await next.WaitAsync(TimeSpan.FromSeconds((double)left / _timeProvider.TimestampFrequency), _timeProvider, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Before a request the lease cannot serve (a weighted one, say): settles this instance's lease of the account when
    /// its unused permits could be what refuses the request, i.e. when the room left once they are back (what the
    /// account last learnt) is within them of the request's cost. Far from the limit the lease stays and costs nothing.
    /// </summary>
    private Task SettleIfInTheWayAsync(string accountId, int cost, CancellationToken cancellationToken)
    {
        if (!_accounts.TryGetValue(accountId, out var state))
        {
            return Task.CompletedTask;
        }
        PermitLease? ended = null;
        lock (state.Gate)
        {
            if (state.Lease is { Held: > 0 } lease && (state.Room < 0 || state.Room - lease.Held < cost))
            {
                ended = lease;
                state.Lease = null;
            }
        }
        return EndOutsideLock(state, ended).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Ends this instance's lease of the account, if it holds one, and waits for its unused permits to go back: what Redis
    /// counts for the account is then what it used, as far as this instance goes (reads of usage call this first; the next
    /// request takes a new lease). Leases of other instances, and a take in flight, still count ahead.
    /// </summary>
    public Task SettleAsync(string accountId, CancellationToken cancellationToken)
    {
        if (!_accounts.TryGetValue(accountId, out var state))
        {
            return Task.CompletedTask;
        }
        PermitLease? ended;
        lock (state.Gate)
        {
            ended = state.Lease;
            state.Lease = null;
        }
        return EndOutsideLock(state, ended).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops leasing and returns every lease's unused permits, waiting for the returns (the host's shutdown): requests
    /// still arriving go through the plain limiter.
    /// </summary>
    public async Task ReturnAllAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        Sweep(stopping: true);
        await Task.WhenAll(_returns.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _sweeper.Dispose();

    /// <summary>
    /// The lease to take for the account now, or fewer than 2 permits for none. Its lifetime is what the account's rate
    /// needs for <see cref="TargetUses"/> requests, within the bounds; its permits are <see cref="Fill"/> of the requests
    /// that lifetime predicts, capped by <see cref="LeaseOptions.MaxPermits"/> and the room left. Two permits at least, so
    /// a lease is taken only when about three requests are expected: the take and a possible return cost no more than
    /// the calls they save. <paramref name="perSecond"/> is the account's rate (<see cref="PerSecond"/>). A top-up joins
    /// the <paramref name="held"/> permits the lease still holds: together they stay within what the rate predicts for the
    /// lifetime (more would expire unused and go back) and the room.
    /// <c>ByRoom</c> is true when the room left, not the rate, sets the size: the account is near a limit.
    /// </summary>
    private (int Permits, TimeSpan Lifetime, bool ByRoom) LeaseSize(
        AccountLeaseState state, TierLimits limits, long now, double perSecond, int held = 0)
    {
        if (_stopping || now < state.NoLeaseUntil || state.Room < 0 || state.RoomLimits != limits)
        {
            return (0, TimeSpan.Zero, false);
        }
        var lifetime = perSecond * _maxLifetime.TotalSeconds <= TargetUses ? _maxLifetime
            : perSecond * _minLifetime.TotalSeconds >= TargetUses ? _minLifetime
            : TimeSpan.FromSeconds(TargetUses / perSecond);
        var expected = perSecond * lifetime.TotalSeconds;
        var byRate = Math.Min(Math.Min(expected * Fill, expected - held), _maxPermits);
        var byRoom = state.Room / _roomPerPermit - held;
        return ((int)Math.Min(byRate, byRoom), lifetime, byRoom <= byRate);
    }

    /// <summary>The account's requests per second on this instance (<see cref="AccountLeaseState.Rate"/>).</summary>
    private double PerSecond(AccountLeaseState state, long now) =>
        state.Rate(now, _interval, _shortest) * _timeProvider.TimestampFrequency;

    /// <summary>
    /// Under the account's lock, after a request was served from its lease: whether to take the next lease now, ahead of
    /// need (and if so, its size; <see cref="AccountLeaseState.Taking"/> is then set). Without it the account's requests
    /// that find the lease used up wait for the next take: a hot account's by the dozen (each resumed on a thread-pool
    /// thread once it lands; measured: 0.3 more thread-pool work items per request, BENCHMARKS.md "Seventh pass"), a slow
    /// account's one request a round trip. The lease is topped up once it holds what the account sends in
    /// <see cref="TopUpLead"/> (its last permit, at least; half of its latest take, at most), so the top-up lands before
    /// it runs out.
    /// </summary>
    private bool TakeAheadDue(AccountLeaseState state, TierLimits limits, long now, out int permits, out TimeSpan lifetime)
    {
        permits = 0;
        lifetime = TimeSpan.Zero;
        if (state.Taking is not null || state.Lease is not { } lease || lease.Held > lease.LastTake / 2)
        {
            return false;
        }
        var perSecond = PerSecond(state, now);
        if (lease.Held > Math.Max(1, perSecond * TopUpLead.TotalSeconds))
        {
            return false;
        }
        (permits, lifetime, var byRoom) = LeaseSize(state, limits, now, perSecond, lease.Held);
        // Near a limit, where the room left rather than the rate sizes the lease, the lease runs out and the next take is
        // waited for as before: a request that joined a take in flight would lose its place among the account's requests
        // decided in arrival order, just when the last permits are at stake.
        if (permits < 2 || byRoom)
        {
            return false;
        }
        state.Taking = new TaskCompletionSource<StoreUnavailableException?>(TaskCreationOptions.RunContinuationsAsynchronously);
        return true;
    }

    /// <summary>
    /// Takes the account's next lease while its current one still serves (<see cref="TakeAheadDue"/>). The take joins the
    /// current lease when both were counted in the same buckets (<see cref="PermitLease.TryExtend"/>); otherwise it
    /// replaces it, and the current one's unused permits go back. Either way the take counted them before they went back, so
    /// the new lease's view leaves them out. Requests that find the lease used up meanwhile wait for
    /// it as for any take. A failed take leaves the current lease serving, backs the account off leases for a while and
    /// answers those waiters by the outage policy.
    /// </summary>
    private async Task TakeAheadAsync(
        AccountLeaseState state, PermitLease topped, string keyId, TierLimits limits, int permits, TimeSpan lifetime)
    {
        PermitLease? replaced = null;
        PermitLease? ended = null;
        var reclaimed = false;
        StoreUnavailableException? failure = null;
        try
        {
            var (lease, refusal) = await CallAsync(state.AccountId, keyId, limits, permits, lifetime).ConfigureAwait(false);
            lock (state.Gate)
            {
                var now = _timeProvider.GetTimestamp();
                if (refusal is not null)
                {
                    // Nothing fitted: near a limit, where no more leases are taken; the current lease serves what it holds.
                    state.Learn(refusal, limits, now, _shortest);
                }
                else if (state.Lease is { } current && ReferenceEquals(current, topped) && current.TryExtend(lease!, now))
                {
                    state.Marked = current;
                    state.Learn(current.View(now), limits, now, _shortest);
                }
                else
                {
                    // The lease it topped up goes back now (a new minute), or went back since the take was sent (it ran out,
                    // expired or was asked back): the take's count still held its unused permits.
                    lease!.Discount(topped.Held);
                    replaced = state.Lease;
                    state.Lease = state.Marked = lease;
                    state.Learn(lease!.View(now), limits, now, _shortest);
                }
                (ended, reclaimed) = TakeOffUnwanted(state, now);
            }
        }
        catch (StoreUnavailableException e)
        {
            failure = e;
            BackOffAfterFailure(state);
        }
        finally
        {
            TakeLanded(state, failure);
        }
        _ = EndOutsideLock(state, replaced);
        _ = EndOutsideLock(state, ended, force: reclaimed);
    }

    /// <summary>One request through the plain limiter, learning the account's room from its decision.</summary>
    private async Task<LimitDecision> PlainAsync(AccountLeaseState state, string keyId, TierLimits limits, CancellationToken cancellationToken)
    {
        var seen = ReturnsSeen(state);
        var decision = await _inner.AcquireAsync(state.AccountId, keyId, 1, limits, cancellationToken).ConfigureAwait(false);
        decision = await FromOwnLeaseAsync(state, keyId, limits, decision, cancellationToken).ConfigureAwait(false);
        decision = await AfterRefusalAsync(state, seen, keyId, 1, limits, decision, cancellationToken).ConfigureAwait(false);
        lock (state.Gate)
        {
            state.Learn(decision, limits, _timeProvider.GetTimestamp(), _shortest);
        }
        return decision;
    }

    /// <summary>
    /// Takes a lease of up to <paramref name="permits"/> for the account in one call and admits this request from it;
    /// the account's requests that arrive meanwhile wait for it. A take that fails sends this request, and those that
    /// waited for it, to the outage policy without a second call. The call is never abandoned for this request's sake: what it counts belongs to the lease.
    /// </summary>
    private async Task<LimitDecision> TakeAsync(
        AccountLeaseState state, string keyId, TierLimits limits, int permits, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var accountId = state.AccountId;
        LimitDecision? decision = null;
        PermitLease? ended = null;
        var reclaimed = false;
        StoreUnavailableException? failure = null;
        var seen = ReturnsSeen(state);
        try
        {
            var (lease, refusal) = await CallAsync(accountId, keyId, limits, permits, lifetime).ConfigureAwait(false);
            lock (state.Gate)
            {
                var now = _timeProvider.GetTimestamp();
                if (refusal is not null)
                {
                    state.Learn(refusal, limits, now, _shortest);
                    decision = refusal;
                }
                else if (cancellationToken.IsCancellationRequested)
                {
                    // Its client went away: the permit stays in the lease, for the next request or to go back.
                    state.Lease = state.Marked = lease;
                }
                else
                {
                    decision = lease!.Use(keyId, now);
                    state.Learn(decision, limits, now, _shortest);
                    state.Lease = state.Marked = lease;
                }
                (ended, reclaimed) = TakeOffUnwanted(state, now);
            }
        }
        catch (StoreUnavailableException e)
        {
            failure = e;
            BackOffAfterFailure(state);
        }
        finally
        {
            TakeLanded(state, failure);
        }
        _ = EndOutsideLock(state, ended, force: reclaimed);

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            // The take has already waited out Redis: the outage policy answers, without a second call and its timeout.
            return await _outage.FallbackAsync(accountId, keyId, 1, limits, failure, cancellationToken).ConfigureAwait(false);
        }
        if (decision is { Refuses: true })
        {
            decision = await FromOwnLeaseAsync(state, keyId, limits, decision, cancellationToken).ConfigureAwait(false);
            decision = await AfterRefusalAsync(state, seen, keyId, 1, limits, decision, cancellationToken).ConfigureAwait(false);
            lock (state.Gate)
            {
                state.Learn(decision, limits, _timeProvider.GetTimestamp(), _shortest);
            }
        }
        return decision ?? await PlainAsync(state, keyId, limits, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Under the account's lock, once a take has landed: takes its lease off the account again when it must go back at once
    /// (asked back while it was being taken, the instance stopping, the entry dropped, or nothing left in it). Returns the
    /// lease to end and whether a reclaim asked for it (its return must then announce itself).
    /// </summary>
    private (PermitLease? Ended, bool Reclaimed) TakeOffUnwanted(AccountLeaseState state, long now)
    {
        var reclaimed = state.Lease is not null && now < state.NoLeaseUntil;
        if (state.Lease is not { } held || !(_stopping || held.Held == 0 || state.Removed || reclaimed))
        {
            return (null, reclaimed);
        }
        state.Lease = null;
        return (held, reclaimed);
    }

    /// <summary>After a failed take: the room is unknown and the account goes through the plain limiter for a while.</summary>
    private void BackOffAfterFailure(AccountLeaseState state)
    {
        lock (state.Gate)
        {
            state.Forget();
            state.NoLeaseUntil = _timeProvider.GetTimestamp() + Ticks(BackOff);
        }
    }

    /// <summary>
    /// Ends the account's take in flight: the requests that waited for it look again at the lease, or after a failure take
    /// the outage policy's answer.
    /// </summary>
    private static void TakeLanded(AccountLeaseState state, StoreUnavailableException? failure)
    {
        TaskCompletionSource<StoreUnavailableException?>? taking;
        lock (state.Gate)
        {
            taking = state.Taking;
            state.Taking = null;
        }
        taking?.TrySetResult(failure);
    }

    /// <summary>
    /// The take: <c>sliding_window.lua</c> counting <paramref name="permits"/> requests of <paramref name="keyId"/>, through
    /// the guard, with the deadline every limiter call carries. Returns the lease, or the refusal when nothing fitted.
    /// </summary>
    private async Task<(PermitLease? Lease, LimitDecision? Refusal)> CallAsync(
        string accountId, string keyId, TierLimits limits, int permits, TimeSpan lifetime)
    {
        var sentAt = _timeProvider.GetTimestamp();
        var sentAtLocal = _clock.LocalNow;
        var giveUpAt = sentAtLocal + (long)_guard.Timeout.TotalMicroseconds;
        var epochDay = Limiting.EpochDay.Of(_timeProvider.GetUtcNow());
        var keys = _keyNames.For(accountId, epochDay, limits);
        var requests = new (string KeyId, int Cost)[permits];
        Array.Fill(requests, (keyId, 1));
        var sequence = Interlocked.Increment(ref _leaseSequence);
        var marked = lifetime + MarkSlack;
        var leaseCall = new LeaseCall(_lessee, sequence, (long)marked.TotalMilliseconds);

        var result = await SendAsync(_clock.DeadlineFor(sentAtLocal, _guard.Timeout), _guard.Timeout).ConfigureAwait(false);
        if (_clock.DeadlineForResend(result.Late, giveUpAt) is { } resendDeadline)
        {
            // Judged late, yet answered in time: Redis's clock stepped forward. Sent once more, as the plain limiter's
            // calls are, rather than answer this request by the outage policy.
            sentAt = _timeProvider.GetTimestamp();
            result = await SendAsync(resendDeadline, TimeSpan.FromMicroseconds(Math.Max(1, giveUpAt - _clock.LocalNow))).ConfigureAwait(false);
        }
        if (result.Late)
        {
            throw new StoreUnavailableException(StoreFault.Timeout, "Redis ran the lease call after its deadline; it counted nothing.");
        }
        if (result.Admitted == 0)
        {
            return (null, result.Decisions([1], limits, LimitsMode.Enforce)[0]);
        }

        // The buckets the script counted in, from the same Redis time; and how long the shortest one stays current.
        var nowMs = result.RedisTimeMicroseconds / 1000;
        var starts = new long[Windows.Count];
        var atTake = new WindowUsage[Windows.Count];
        var bucketEnd = long.MaxValue;
        for (var i = 0; i < Windows.Count; i++)
        {
            var window = Windows[i];
            var size = (long)window.BucketSize.TotalMilliseconds;
            starts[i] = nowMs - nowMs % size;
            bucketEnd = Math.Min(bucketEnd, starts[i] + size);
            var state = result.Windows[i];
            // A window that was empty has its reset from the bucket just opened.
            var reset = state.ResetAfter > TimeSpan.Zero
                ? state.ResetAfter
                : TimeSpan.FromMilliseconds(starts[i] + (long)(window.Length + window.BucketSize).TotalMilliseconds - nowMs);
            atTake[i] = new WindowUsage(window, limits.For(i), state.UsedBefore, reset);
        }
        // Redis's time at any later local moment is at most its time when the call ran plus what has passed since it was
        // sent: so the lease, counted from the send, stops before Redis's clock can reach the bucket's end.
        var inBucket = TimeSpan.FromMicroseconds(bucketEnd * 1000 - result.RedisTimeMicroseconds) - BucketMargin;
        var usable = inBucket < lifetime ? inBucket : lifetime;
        // The mark is counted from Redis's time when the call ran, after the send: the local end allows for the round trip.
        var lease = new PermitLease(
            limits, keyId, epochDay, starts, result.Admitted, atTake, sentAt, sentAt + Math.Max(0, Ticks(usable)), _timeProvider,
            sequence, _timeProvider.GetTimestamp() + Ticks(marked));
        return (lease, null);

        async Task<SlidingWindowResult> SendAsync(long deadline, TimeSpan wait)
        {
            var args = SlidingWindowScript.Arguments(enforce: true, deadline, limits, requests, default, leaseCall);
            var answer = await _guard.RunAsync(
                async () => SlidingWindowScript.Parse(await _takeScript.EvaluateAsync(_redis.GetDatabase(), keys, args).ConfigureAwait(false), limits),
                wait, CancellationToken.None).ConfigureAwait(false);
            _clock.Observe(answer.RedisTimeMicroseconds, _clock.LocalNow);
            return answer;
        }
    }

    /// <summary>Ends leases that can serve no more, or every lease when stopping; drops idle accounts.</summary>
    private void Sweep(bool stopping)
    {
        lock (_sweeping)
        {
            var now = _timeProvider.GetTimestamp();
            foreach (var (accountId, state) in _accounts)
            {
                PermitLease? ended = null;
                lock (state.Gate)
                {
                    if (state.Lease is { } lease && (stopping || now >= lease.UsableUntil))
                    {
                        state.Lease = null;
                        ended = lease;
                    }
                    if (state.Marked is { } marked && now >= marked.MarkedUntil)
                    {
                        state.Marked = null;
                    }
                    if (state.Lease is null && state.Taking is null && state.Marked is null && now - state.LastSeen > _idle)
                    {
                        state.Removed = true;
                        _accounts.TryRemove(new KeyValuePair<string, AccountLeaseState>(accountId, state));
                    }
                }
                _ = EndOutsideLock(state, ended);
            }
        }
    }

    /// <summary>
    /// Ends a lease taken off its account: returns its unused permits, moves its usage and removes its mark, in the
    /// background. A lease used up by its taker's key needs no call unless <paramref name="force"/> (a reclaim: its mark
    /// must go, and the return announce itself). Returns the return's task.
    /// </summary>
    private Task EndOutsideLock(AccountLeaseState state, PermitLease? lease, bool force = false)
    {
        if (lease is null || !(lease.NeedsReturn || force))
        {
            return Task.CompletedTask;
        }
        lock (state.Gate)
        {
            // Its mark goes with this return; nothing is left for a reclaim to remove.
            if (ReferenceEquals(state.Marked, lease))
            {
                state.Marked = null;
            }
        }
        var returning = ReturnAsync(state.AccountId, lease);
        lock (state.Gate)
        {
            state.ReturnStarted(returning);
        }
        _returns.TryAdd(returning, 0);
        _ = returning.ContinueWith(static (t, s) => ((ConcurrentDictionary<Task, byte>)s!).TryRemove(t, out _),
            _returns, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return returning;
    }

    private async Task ReturnAsync(string accountId, PermitLease lease)
    {
        try
        {
            // return_permits.lua takes the window keys and the day's usage hash (the first keys of the take's call), then
            // the account's leases hash.
            var keys = new RedisKey[Windows.Count * 2 + 2];
            _keyNames.For(accountId, lease.EpochDay, lease.Limits).AsSpan(0, keys.Length - 1).CopyTo(keys);
            keys[^1] = RedisKeys.AccountLeases(accountId);
            var args = lease.ReturnArguments((long)SlidingWindowScript.UsageRetention.TotalSeconds, _lessee);
            await _guard.RunAsync(() => _returnScript.EvaluateAsync(_redis.GetDatabase(), keys, args), CancellationToken.None)
                .ConfigureAwait(false);
            // A refusal this instance remembered may have been these permits': the request waiting for this return asks again.
            _inner.Forget(accountId);
        }
        catch (StoreUnavailableException e)
        {
            // Under-admission only: the permits stay counted until their bucket leaves each window.
            Log.ReturnFailed(_logger, e, accountId, lease.Held, lease.ToString());
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _timeProvider.TimestampFrequency);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning,
            "Could not return {Permits} unused leased permits of account {AccountId} ({Lease}); they stay counted until they leave the window.")]
        public static partial void ReturnFailed(ILogger logger, Exception exception, string accountId, int permits, string lease);
    }
}
