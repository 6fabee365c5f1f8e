namespace Tollgate.Core.Limiting.Leases;

/// <summary>
/// What this instance knows of one account for leasing: its lease, the take in flight, its recent rate and the room
/// its windows had at the last decision. Not thread-safe by itself: callers hold <see cref="Gate"/>.
/// </summary>
internal sealed class AccountLeaseState(string accountId)
{
    public string AccountId { get; } = accountId;

    /// <summary>Guards every member.</summary>
    public Lock Gate { get; } = new();

    /// <summary>True once the sweeper dropped this entry: a request holding it takes a fresh one.</summary>
    public bool Removed { get; set; }

    public PermitLease? Lease { get; set; }

    /// <summary>
    /// The latest lease taken, while its mark may still be in the account's leases hash and no return has removed it
    /// (a lease used up by its taker's key ends without a call): a reclaim must remove that mark, or other instances'
    /// refusals would wait for a return that never comes.
    /// </summary>
    public PermitLease? Marked { get; set; }

    /// <summary>
    /// This instance's returns of its leases of the account still in flight (complete once their permits are back): a
    /// request refused meanwhile may have been refused by those very permits.
    /// </summary>
    public Task OwnReturns { get; private set; } = Task.CompletedTask;

    /// <summary>Returns of this instance's leases of the account started so far.</summary>
    public long OwnReturnsStarted { get; private set; }

    /// <summary>Counts a return of this instance's lease of the account, in flight as <paramref name="returning"/>.</summary>
    public void ReturnStarted(Task returning)
    {
        OwnReturns = OwnReturns.IsCompleted ? returning : Task.WhenAll(OwnReturns, returning);
        OwnReturnsStarted++;
    }

    /// <summary>Returns of other instances' leases of the account announced so far (<c>returned</c> on the lease channel).</summary>
    public long ReturnsSeen { get; private set; }

    private TaskCompletionSource? _returnArrived;

    /// <summary>Counts a return announced by another instance and wakes whoever waits for one.</summary>
    public TaskCompletionSource? ReturnAnnounced()
    {
        ReturnsSeen++;
        var arrived = _returnArrived;
        _returnArrived = null;
        return arrived;
    }

    /// <summary>Completes at the next return announced (see <see cref="ReturnAnnounced"/>).</summary>
    public Task NextReturn => (_returnArrived ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>
    /// The take in flight, which the account's other requests wait for rather than calling Redis themselves; it completes
    /// with the take's failure, or null.
    /// </summary>
    public TaskCompletionSource<StoreUnavailableException?>? Taking { get; set; }

    /// <summary>The fewest requests any window admitted at the last decision; -1 while unknown.</summary>
    public long Room { get; private set; } = -1;

    /// <summary>The limits <see cref="Room"/> was learnt under.</summary>
    public TierLimits? RoomLimits { get; private set; }

    /// <summary>No lease before this timestamp: a take failed, and the next requests go through the plain limiter.</summary>
    public long NoLeaseUntil { get; set; }

    public long LastSeen { get; private set; }

    private long _learnedAt;
    private long _intervalStart;
    private int _arrivals;
    private int _previousArrivals;

    /// <summary>Counts one request arriving at <paramref name="now"/>, in intervals of <paramref name="interval"/> ticks.</summary>
    public void Arrive(long now, long interval)
    {
        var since = now - _intervalStart;
        if (since >= interval)
        {
            // A gap of more than one interval means the last full interval saw nothing.
            _previousArrivals = since < 2 * interval ? _arrivals : 0;
            _arrivals = 0;
            _intervalStart = now;
        }
        _arrivals++;
        LastSeen = now;
    }

    /// <summary>Keeps the entry from the sweeper as a request would, without counting one: a usage read waits on it.</summary>
    public void Touch(long now) => LastSeen = Math.Max(LastSeen, now);

    /// <summary>
    /// The account's requests on this instance per tick as of <paramref name="now"/>: the last full interval's rate, or the
    /// current one's when higher (its count over the time it has run, at least <paramref name="shortest"/> ticks, so a
    /// burst that starts an interval reads as a rate at once, not after a whole interval).
    /// </summary>
    public double Rate(long now, long interval, long shortest) =>
        Math.Max((double)_previousArrivals / interval, (double)_arrivals / Math.Max(now - _intervalStart, shortest));

    /// <summary>
    /// Learns the room from a decision (Redis's, or a lease's view) made by <paramref name="now"/>. The decisions of one
    /// burst complete in any order, so within <paramref name="memory"/> ticks of the last one the least room is kept: a
    /// stale, larger room must not size a lease that takes the last permits.
    /// </summary>
    public void Learn(LimitDecision decision, TierLimits limits, long now, long memory)
    {
        if (decision.Source == LimitSource.Redis)
        {
            var remaining = decision.Tightest.Remaining;
            Room = Room >= 0 && RoomLimits == limits && now - _learnedAt < memory ? Math.Min(Room, remaining) : remaining;
            RoomLimits = limits;
            _learnedAt = now;
        }
        else
        {
            Forget();
        }
    }

    /// <summary>The room is unknown again (a failure, an outage): the next request goes through the plain limiter.</summary>
    public void Forget()
    {
        Room = -1;
        RoomLimits = null;
    }
}
