using StackExchange.Redis;

namespace Tollgate.Core.Limiting.Leases;

/// <summary>
/// Permits of one account counted in Redis by one call and not yet all used: this instance admits the account's next
/// requests from them until they run out or the lease ends. Not thread-safe by itself: callers hold the account's lock.
/// </summary>
internal sealed class PermitLease
{
    private readonly long[] _bucketStarts;
    private readonly TimeProvider _timeProvider;
    private WindowUsage[] _atTake;
    private long _takenAt;
    private Dictionary<string, int>? _others;
    private Dictionary<string, int>? _othersTaken;
    private int _takenByTaker;
    private int _usedByTaker;

    /// <param name="limits">The limits the permits were counted against.</param>
    /// <param name="takerKey">The key the take counted every permit's usage to.</param>
    /// <param name="epochDay">The day of the usage hash the take counted in.</param>
    /// <param name="bucketStarts">Per window, the start (Redis ms) of the bucket the take counted in.</param>
    /// <param name="taken">Permits counted.</param>
    /// <param name="atTake">Per window: limit, what it counted before the take, and its reset as of the take.</param>
    /// <param name="takenAt">When the take was sent (<see cref="TimeProvider.GetTimestamp"/>).</param>
    /// <param name="usableUntil">The timestamp from which the lease admits nothing more.</param>
    /// <param name="timeProvider">The clock of both timestamps.</param>
    /// <param name="sequence">The lease's number on this instance: its mark in the account's leases hash names it.</param>
    /// <param name="markedUntil">The timestamp by which its mark has left the leases hash for sure.</param>
    public PermitLease(
        TierLimits limits, string takerKey, long epochDay, long[] bucketStarts, int taken, WindowUsage[] atTake,
        long takenAt, long usableUntil, TimeProvider timeProvider, long sequence, long markedUntil)
    {
        Sequence = sequence;
        MarkedUntil = markedUntil;
        Limits = limits;
        TakerKey = takerKey;
        EpochDay = epochDay;
        _bucketStarts = bucketStarts;
        Taken = taken;
        Held = taken;
        LastTake = taken;
        _takenByTaker = taken;
        _atTake = atTake;
        _takenAt = takenAt;
        UsableUntil = usableUntil;
        _timeProvider = timeProvider;
    }

    public TierLimits Limits { get; }

    public string TakerKey { get; }

    public long EpochDay { get; }

    /// <summary>Permits counted for this lease, by its take and the top-ups it absorbed (<see cref="TryExtend"/>).</summary>
    public int Taken { get; private set; }

    /// <summary>Permits counted by the latest take: the lease is topped up once it holds half of them or fewer.</summary>
    public int LastTake { get; private set; }

    /// <summary>Permits counted and not yet used.</summary>
    public int Held { get; private set; }

    public long UsableUntil { get; private set; }

    public long Sequence { get; private set; }

    public long MarkedUntil { get; private set; }

    /// <summary>True when ending the lease needs a call: unused permits to return, or usage to move to other keys.</summary>
    public bool NeedsReturn => Held > 0 || _others is not null || _othersTaken is not null;

    /// <summary>
    /// Absorbs <paramref name="next"/>, a take of the same account landed while this lease still serves (a top-up taken
    /// ahead of need), when both were counted in the same buckets and day under the same limits: its permits join this
    /// lease's, and its lifetime, view of the windows and mark (its sequence) become this lease's. Permits of both then go
    /// back to the one set of buckets by one return. False, and nothing changes, when they were counted elsewhere (a bucket
    /// or day ended between the takes): the caller then ends this lease and serves from <paramref name="next"/>.
    /// </summary>
    public bool TryExtend(PermitLease next, long now)
    {
        if (!CanServe(next.Limits, now) || next.EpochDay != EpochDay || !next._bucketStarts.AsSpan().SequenceEqual(_bucketStarts))
        {
            return false;
        }
        // The view stays "what Redis counts, less what this lease holds unused": the top-up's count before it included
        // every permit taken so far, of which the used ones are added back by Use.
        var atTake = Less(next._atTake, Taken);
        if (string.Equals(next.TakerKey, TakerKey, StringComparison.Ordinal))
        {
            _takenByTaker += next.Taken;
        }
        else
        {
            _othersTaken ??= new Dictionary<string, int>(StringComparer.Ordinal);
            _othersTaken[next.TakerKey] = _othersTaken.GetValueOrDefault(next.TakerKey) + next.Taken;
        }
        _atTake = atTake;
        _takenAt = next._takenAt;
        Taken += next.Taken;
        Held += next.Taken;
        LastTake = next.Taken;
        UsableUntil = next.UsableUntil;
        Sequence = next.Sequence;
        MarkedUntil = next.MarkedUntil;
        return true;
    }

    /// <summary>
    /// Leaves out of this lease's view <paramref name="returning"/> permits that its take counted and that go back after
    /// it (the unused permits of the lease it replaces), so its requests are told their place as Redis will count it.
    /// </summary>
    public void Discount(int returning)
    {
        if (returning > 0)
        {
            _atTake = Less(_atTake, returning);
        }
    }

    /// <summary>A copy of <paramref name="windows"/> with <paramref name="permits"/> fewer used in each.</summary>
    private static WindowUsage[] Less(WindowUsage[] windows, int permits)
    {
        var less = new WindowUsage[windows.Length];
        for (var i = 0; i < less.Length; i++)
        {
            less[i] = windows[i] with { Used = Math.Max(0, windows[i].Used - permits) };
        }
        return less;
    }

    /// <summary>True when the lease may admit a request of <paramref name="limits"/> at <paramref name="now"/>.</summary>
    public bool CanServe(TierLimits limits, long now) => Held > 0 && now < UsableUntil && limits == Limits;

    /// <summary>
    /// Admits one request of <paramref name="keyId"/> from the lease. Its windows are the lease's view: what they held at
    /// the take plus the permits used so far, so the remaining count is what the account still has if the rest of the
    /// lease goes back; resets are shortened by the time since the take.
    /// </summary>
    public LimitDecision Use(string keyId, long now)
    {
        Held--;
        if (string.Equals(keyId, TakerKey, StringComparison.Ordinal))
        {
            _usedByTaker++;
        }
        else
        {
            _others ??= new Dictionary<string, int>(StringComparer.Ordinal);
            _others[keyId] = _others.GetValueOrDefault(keyId) + 1;
        }

        return View(now);
    }

    /// <summary>The lease's view of the windows at <paramref name="now"/> (see <see cref="Use"/>), without using a permit.</summary>
    public LimitDecision View(long now)
    {
        var used = Taken - Held;
        var elapsed = _timeProvider.GetElapsedTime(_takenAt, now);
        var windows = new WindowUsage[_atTake.Length];
        for (var i = 0; i < windows.Length; i++)
        {
            var window = _atTake[i];
            var reset = window.ResetAfter - elapsed;
            windows[i] = window with { Used = window.Used + used, ResetAfter = reset > TimeSpan.Zero ? reset : TimeSpan.Zero };
        }
        return new LimitDecision(true, TimeSpan.Zero, windows);
    }

    /// <summary>The arguments of <c>return_permits.lua</c> for ending this lease, taken by <paramref name="lessee"/>, now.</summary>
    public RedisValue[] ReturnArguments(long usageTtlSeconds, string lessee)
    {
        var others = Others();
        var corrections = (_takenByTaker != _usedByTaker ? 1 : 0) + others.Count;
        var args = new RedisValue[6 + _bucketStarts.Length + corrections * 2];
        args[0] = usageTtlSeconds;
        args[1] = _bucketStarts.Length;
        args[2] = lessee;
        args[3] = Sequence;
        args[4] = Tollgate.Core.Redis.RedisKeys.LeaseEventsName;
        var at = 5;
        foreach (var start in _bucketStarts)
        {
            args[at++] = start;
        }
        args[at++] = Held;
        if (_takenByTaker != _usedByTaker)
        {
            args[at++] = TakerKey;
            args[at++] = _usedByTaker - _takenByTaker;
        }
        foreach (var (key, delta) in others)
        {
            args[at++] = key;
            args[at++] = delta;
        }
        return args;
    }

    /// <summary>Usage to move for keys other than the taker: what each used, less what top-ups they took counted to them.</summary>
    private List<(string Key, int Delta)> Others()
    {
        var deltas = new List<(string, int)>();
        if (_others is not null)
        {
            foreach (var (key, used) in _others)
            {
                var delta = used - (_othersTaken?.GetValueOrDefault(key) ?? 0);
                if (delta != 0)
                {
                    deltas.Add((key, delta));
                }
            }
        }
        if (_othersTaken is not null)
        {
            foreach (var (key, taken) in _othersTaken)
            {
                if (_others is null || !_others.ContainsKey(key))
                {
                    deltas.Add((key, -taken));
                }
            }
        }
        return deltas;
    }

    /// <summary>The lease's state as of now, for a log line.</summary>
    public override string ToString() => $"{Taken - Held} of {Taken} permits used";
}
