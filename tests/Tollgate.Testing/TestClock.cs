using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Testing;

/// <summary>
/// A test's time, for the services and for Redis together. The limiter's windows run on Redis's clock, the
/// services' own clocks only on their <see cref="TimeProvider"/>: moving one without the other would test nothing.
/// This clock stops Redis's wall clock at <see cref="GetUtcNow"/> (a local redis-server under libfaketime, see
/// <see cref="TestRedis.WhyClockIsReal"/>) and moves it with every <see cref="Advance"/> and <see cref="SetUtcNow"/>,
/// together with its own fake time and that of every instance clock made by <see cref="WithOffset"/>, each at its
/// fixed distance from Redis's (gateways whose clocks disagree).
/// <para>
/// Where Redis's clock cannot be set, the services' clocks still move, but the first move (or
/// <see cref="RequireRedis"/>) calls the <c>cannotMoveRedis</c> callback with the reason: a test passes
/// <c>Assert.Ignore</c>. Dispose puts Redis back on the real clock.
/// </para>
/// </summary>
public sealed class TestClock : TimeProvider, IDisposable
{
    private readonly FakeRedisTime? _redis;
    private readonly string _whyNot;
    private readonly Action<string> _cannotMoveRedis;
    private readonly FakeTimeProvider _time;
    private readonly List<(FakeTimeProvider Clock, TimeSpan Offset)> _instances = [];
    private readonly Lock _gate = new();

    private TestClock(TestRedis redis, DateTimeOffset start, Action<string> cannotMoveRedis)
    {
        _redis = redis.Time;
        _whyNot = redis.WhyClockIsReal;
        _cannotMoveRedis = cannotMoveRedis;
        _time = new FakeTimeProvider(start);
        _redis?.Freeze(start);
    }

    /// <summary>
    /// A clock at <paramref name="start"/> for the services and, where it can be set, for <paramref name="redis"/>,
    /// whose wall clock then stands still there until moved.
    /// </summary>
    /// <param name="redis">The Redis whose clock follows.</param>
    /// <param name="start">The time to start at.</param>
    /// <param name="cannotMoveRedis">Called with the reason when a test needs Redis's clock and it cannot be set; <c>Assert.Ignore</c>.</param>
    public static TestClock Start(TestRedis redis, DateTimeOffset start, Action<string> cannotMoveRedis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        return new TestClock(redis, start, cannotMoveRedis);
    }

    /// <summary>True when Redis's clock follows this one.</summary>
    public bool MovesRedis => _redis is not null;

    /// <summary>The fake time the services of one instance run on, <paramref name="offset"/> from Redis's time, moving with it.</summary>
    public FakeTimeProvider WithOffset(TimeSpan offset)
    {
        lock (_gate)
        {
            var instance = new FakeTimeProvider(_time.GetUtcNow() + offset);
            _instances.Add((instance, offset));
            return instance;
        }
    }

    /// <summary>Calls the <c>cannotMoveRedis</c> callback unless Redis's clock follows this one, e.g. for a test that reads exact reset times.</summary>
    public void RequireRedis()
    {
        if (_redis is null)
        {
            _cannotMoveRedis($"This test needs Redis's clock to stand at the test's time, and {_whyNot}.");
        }
    }

    /// <summary>Moves every clock forward by <paramref name="delta"/>.</summary>
    public void Advance(TimeSpan delta) => SetUtcNow(GetUtcNow() + delta);

    /// <summary>
    /// Moves the services' clocks forward by <paramref name="delta"/> and leaves Redis's where it is: for tests of what
    /// the services time-stamp themselves (keys, revocations), which never read Redis's clock and so run on any Redis.
    /// </summary>
    public void AdvanceServicesOnly(TimeSpan delta)
    {
        lock (_gate)
        {
            _time.Advance(delta);
            foreach (var (clock, _) in _instances)
            {
                clock.Advance(delta);
            }
        }
    }

    /// <summary>Moves every clock to <paramref name="value"/> (instance clocks to it plus their offset); never backwards.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, GetUtcNow());
        RequireRedis();
        lock (_gate)
        {
            // Redis first: a service that sees its new time must find Redis there already.
            _redis?.Freeze(value);
            _time.SetUtcNow(value);
            foreach (var (clock, offset) in _instances)
            {
                clock.SetUtcNow(value + offset);
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => _time.GetUtcNow();

    public override long GetTimestamp() => _time.GetTimestamp();

    public override long TimestampFrequency => _time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _time.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _time.CreateTimer(callback, state, dueTime, period);

    /// <summary>
    /// Redis's wall clock is the real one again (the services' clocks stay where they are), e.g. for a test of a
    /// Redis that hangs for a while by its own clock; a later move stops it again.
    /// </summary>
    public void LetRedisRun() => _redis?.RunReal();

    /// <summary>Redis's wall clock is the real one again.</summary>
    public void Dispose() => LetRedisRun();
}
