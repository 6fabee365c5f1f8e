using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tollgate.Core.Redis;
using Tollgate.Core.UnitTests.Redis.Fakes;

namespace Tollgate.Core.UnitTests.Redis;

/// <summary>
/// The guard every Redis call of the hot path goes through: what a caller gets when Redis fails (always
/// <see cref="StoreUnavailableException"/>, the fault as data), the deadline, and the breaker that spares Redis and the
/// caller while it is down. Driven on a fake clock over a multiplexer that only says whether it is connected.
/// </summary>
public sealed class RedisGuardTests
{
    private const int TimeoutMs = 250;
    private const int FailuresToOpen = 3;
    private const int BreakSeconds = 2;

    private FakeTimeProvider _time = null!;
    private SwitchableMultiplexer _connection = null!;
    private ServiceProvider _meters = null!;
    private RedisGuard _guard = null!;
    private int _calls;

    [SetUp]
    public void CreateGuard()
    {
        _time = new FakeTimeProvider();
        _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        (var multiplexer, _connection) = SwitchableMultiplexer.Create();
        _guard = new RedisGuard(multiplexer,
            Options.Create(new RedisOptions { TimeoutMs = TimeoutMs, FailuresToOpen = FailuresToOpen, BreakSeconds = BreakSeconds }),
            _time, _meters.GetRequiredService<IMeterFactory>());
        _calls = 0;
    }

    [TearDown]
    public void DisposeMeters() => _meters.Dispose();

    [Test]
    public void Timeout_IsTheConfiguredOne_TheDeadlineEveryCallerKeepsTo() =>
        Assert.That(_guard.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(TimeoutMs)));

    [TestCase("OOM command not allowed when used memory > 'maxmemory'.", StoreFault.OutOfMemory)]
    [TestCase("READONLY You can't write against a read only replica.", StoreFault.ReadOnly)]
    [TestCase("BUSY Redis is busy running a script.", StoreFault.Busy)]
    [TestCase("NOPERM this user has no permissions", StoreFault.ServerError)]
    public void ErrorReply_IsStoreUnavailable_WithTheFaultItNames_AndTheCauseAttached(string reply, StoreFault fault)
    {
        var error = Assert.ThrowsAsync<StoreUnavailableException>(() => RunAsync(Fail(ErrorReply(reply))));

        Assert.Multiple(() =>
        {
            Assert.That(error?.Fault, Is.EqualTo(fault));
            Assert.That(error?.InnerException, Is.InstanceOf<RedisServerException>());
        });
    }

    [Test]
    public async Task SlowCall_FailsAtTheDeadline_AsATimeout_NotWhenRedisFinallyAnswers()
    {
        var never = new TaskCompletionSource<int>();
        var call = RunAsync(() => never.Task);

        _time.Advance(TimeSpan.FromMilliseconds(TimeoutMs - 1));
        Assert.That(call.IsCompleted, Is.False, "still within the deadline");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var error = Assert.ThrowsAsync<StoreUnavailableException>(() => call);
        Assert.That(error?.Fault, Is.EqualTo(StoreFault.Timeout));
        never.SetResult(1);
        Assert.That(await RunAsync(() => Task.FromResult(2)), Is.EqualTo(2), "one timeout does not open the breaker");
    }

    [Test]
    public void FailuresInARow_OpenTheBreaker_ThenCallsFailAtOnce_WithoutReachingRedis()
    {
        for (var i = 0; i < FailuresToOpen; i++)
        {
            Assert.ThrowsAsync<StoreUnavailableException>(() => RunAsync(Fail(ConnectionReset())));
        }
        var callsBefore = _calls;

        var error = Assert.ThrowsAsync<StoreUnavailableException>(() => RunAsync(() => Task.FromResult(1)));

        Assert.Multiple(() =>
        {
            Assert.That(error?.Fault, Is.EqualTo(StoreFault.CircuitOpen));
            Assert.That(_calls, Is.EqualTo(callsBefore), "the call was not made");
            Assert.That(_guard.IsOpen, Is.True);
        });
    }

    [Test]
    public async Task AfterTheBreak_OneProbeReachesRedis_AndItsSuccessClosesTheBreaker()
    {
        for (var i = 0; i < FailuresToOpen; i++)
        {
            Assert.ThrowsAsync<StoreUnavailableException>(() => RunAsync(Fail(ConnectionReset())));
        }

        _time.Advance(TimeSpan.FromSeconds(BreakSeconds));
        var probe = new TaskCompletionSource<int>();
        var probing = RunAsync(() => probe.Task);
        var meanwhile = Assert.ThrowsAsync<StoreUnavailableException>(() => RunAsync(() => Task.FromResult(1)));
        probe.SetResult(7);

        Assert.Multiple(async () =>
        {
            Assert.That(meanwhile?.Fault, Is.EqualTo(StoreFault.CircuitOpen), "one probe at a time");
            Assert.That(await probing, Is.EqualTo(7));
            Assert.That(_guard.IsOpen, Is.False);
            Assert.That(await RunAsync(() => Task.FromResult(8)), Is.EqualTo(8), "closed again: calls go through");
        });
    }

    [Test]
    public async Task WrongTypeReplies_NeverOpenTheBreaker_OneAccountsDataIsNotRedisDown()
    {
        for (var i = 0; i < FailuresToOpen * 2; i++)
        {
            var error = Assert.ThrowsAsync<StoreUnavailableException>(() =>
                RunAsync(Fail(ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value"))));
            Assert.That(error?.Fault, Is.EqualTo(StoreFault.WrongType));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(_guard.IsOpen, Is.False);
            Assert.That(await RunAsync(() => Task.FromResult(1)), Is.EqualTo(1), "other accounts are still served");
        });
    }

    [Test]
    public void ConnectionDown_CallsFailAtOnce_AsUnreachable_WithoutReachingRedis()
    {
        _connection.Connected = false;

        var error = Assert.ThrowsAsync<StoreUnavailableException>(() => RunAsync(() => Task.FromResult(1)));

        Assert.Multiple(() =>
        {
            Assert.That(error?.Fault, Is.EqualTo(StoreFault.Unreachable));
            Assert.That(_calls, Is.Zero);
            Assert.That(_guard.IsOpen, Is.True);
        });
    }

    private Task<int> RunAsync(Func<Task<int>> call) => _guard.RunAsync(() =>
    {
        _calls++;
        return call();
    }, CancellationToken.None);

    private static Func<Task<int>> Fail(Exception e) => () => Task.FromException<int>(e);

    private static RedisServerException ErrorReply(string reply) => new(RedisErrorKind.Unknown, CommandFlags.None, reply);

    private static RedisConnectionException ConnectionReset() =>
        new(ConnectionFailureType.SocketFailure, CommandFlags.None, "reset", null, CommandStatus.Unknown);
}
