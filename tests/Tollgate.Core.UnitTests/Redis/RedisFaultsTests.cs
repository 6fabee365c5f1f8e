using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.UnitTests.Redis;

/// <summary>Which exceptions of StackExchange.Redis are the store failing, and which fault each is.</summary>
public sealed class RedisFaultsTests
{
    // Error replies as Redis 7 sends them, directly and from a command a script calls.
    [TestCase("OOM command not allowed when used memory > 'maxmemory'.", StoreFault.OutOfMemory)]
    [TestCase("OOM command not allowed when used memory > 'maxmemory'. script: 3f0e…, on @user_script:41.", StoreFault.OutOfMemory)]
    [TestCase("READONLY You can't write against a read only replica.", StoreFault.ReadOnly)]
    [TestCase("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", StoreFault.MasterDown)]
    [TestCase("LOADING Redis is loading the dataset in memory", StoreFault.Loading)]
    [TestCase("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSCRIPT.", StoreFault.Busy)]
    [TestCase("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.", StoreFault.Misconfigured)]
    [TestCase("CLUSTERDOWN The cluster is down", StoreFault.ClusterDown)]
    [TestCase("TRYAGAIN Multiple keys request during rehashing of slot", StoreFault.ClusterDown)]
    [TestCase("NOSCRIPT No matching script. Please use EVAL.", StoreFault.ScriptMissing)]
    [TestCase("WRONGTYPE Operation against a key holding the wrong kind of value", StoreFault.WrongType)]
    [TestCase("WRONGTYPE Operation against a key holding the wrong kind of value script: 3f0e…, on @user_script:30.", StoreFault.WrongType)]
    [TestCase("ERR Error running script (call to f_3f0e…): @user_script:30: WRONGTYPE Operation against a key holding the wrong kind of value", StoreFault.WrongType)]
    [TestCase("NOPERM this user has no permissions to run the 'evalsha' command", StoreFault.ServerError)]
    [TestCase("ERR unknown command 'FOO'", StoreFault.ServerError)]
    [TestCase("BUSYKEY Target key name already exists.", StoreFault.ServerError)]
    public void Classify_ErrorReply_NamesItsFault(string reply, StoreFault expected)
    {
        var classified = RedisFaults.Classify(new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, reply));

        Assert.That(classified?.Fault, Is.EqualTo(expected));
        Assert.That(classified?.InnerException, Is.InstanceOf<RedisServerException>(), "the cause stays attached for the log");
    }

    [Test]
    public void Classify_ConnectionAndTimeouts_AreUnreachableAndTimeout()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RedisFaults.Classify(new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "No connection is active/available", null, CommandStatus.Unknown))?.Fault,
                Is.EqualTo(StoreFault.Unreachable));
            Assert.That(RedisFaults.Classify(new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent))?.Fault, Is.EqualTo(StoreFault.Timeout));
            Assert.That(RedisFaults.Classify(new TimeoutException())?.Fault, Is.EqualTo(StoreFault.Timeout));
        });
    }

    [Test]
    public void Classify_AlreadyClassified_IsTheSameException()
    {
        var unavailable = new StoreUnavailableException(StoreFault.CircuitOpen, "circuit open");

        Assert.That(RedisFaults.Classify(unavailable), Is.SameAs(unavailable));
    }

    [Test]
    public void Classify_CancellationsAndBugs_AreNotStoreFaults()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RedisFaults.Classify(new OperationCanceledException()), Is.Null, "the client went away");
            Assert.That(RedisFaults.Classify(new InvalidOperationException("a bug")), Is.Null, "a bug stays a 500");
            Assert.That(RedisFaults.Classify(new RedisCommandException("misused client")), Is.Null);
        });
    }

    [Test]
    public void IsServerWide_OnlyWrongTypeIsOneAccountsData()
    {
        Assert.That(Enum.GetValues<StoreFault>().Where(f => !RedisFaults.IsServerWide(f)), Is.EqualTo(new[] { StoreFault.WrongType }));
    }
}
