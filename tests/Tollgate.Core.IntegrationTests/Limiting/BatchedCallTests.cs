using StackExchange.Redis;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Limiting;

/// <summary>
/// Requests of one account that arrive while its limiter call is in flight go out together in the next call:
/// each must still be decided and reported as if it had been counted alone.
/// </summary>
public sealed class BatchedCallTests : RedisTestBase
{
    [Test]
    public async Task AcquireAsync_BurstOfOneAccount_EachAdmittedRequestSeesItsOwnCount()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();

        var decisions = await limiter.AcquireManyAsync(account, 200, LimitsOf("free"));

        var admitted = decisions.Where(d => d.Admitted).ToList();
        var refused = decisions.Where(d => !d.Admitted).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(admitted.Select(d => d.Used(LimitWindow.Hour)), Is.EquivalentTo(Enumerable.Range(1, 60).Select(n => (long)n)),
                "every admitted request is counted once, and told its own place in the window");
            Assert.That(refused, Has.Count.EqualTo(140));
            Assert.That(refused.Select(d => d.Used(LimitWindow.Hour)), Is.All.EqualTo(60));
            Assert.That(refused.Select(d => d.RetryAfter), Is.All.GreaterThan(TimeSpan.Zero));
        });
    }

    [Test]
    public async Task AcquireAsync_BurstOfOneAccount_TakesFewerScriptCallsThanRequests()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var before = await ScriptCallsAsync();

        var decisions = await limiter.AcquireManyAsync(account, 100, LimitsOf("pro"));

        var calls = await ScriptCallsAsync() - before;
        await TestContext.Out.WriteLineAsync($"{calls} script calls for 100 concurrent requests of one account.");
        Assert.Multiple(() =>
        {
            Assert.That(decisions.Admitted(), Is.EqualTo(100));
            Assert.That(calls, Is.InRange(1, 99));
        });
    }

    [Test]
    public async Task AcquireAsync_BurstOverSeveralKeys_AttributesUsageToEachKeyExactly()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var limits = LimitsOf("pro");

        await Task.WhenAll(Enumerable.Range(0, 90).Select(i => limiter.AcquireAsync(account, limits, $"key_{i % 3}")));
        // A lease taken during the burst (when its first call lands first) settles before usage is read, as reads do.
        await limiter.PeekAsync(account, limits);

        var usage = await Db.HashGetAllAsync(RedisKeys.DailyUsage(account, EpochDay.Of(Start)));
        Assert.That(usage.ToDictionary(e => e.Name.ToString(), e => (long)e.Value),
            Is.EquivalentTo(new Dictionary<string, long> { ["key_0"] = 30, ["key_1"] = 30, ["key_2"] = 30 }));
    }

    [Test]
    public async Task AcquireAsync_BurstWithATierChangeInside_ChecksEachRequestAgainstItsOwnLimits()
    {
        var limiter = Get<IRateLimiter>();
        var account = Ids.NewAccountId();
        var free = LimitsOf("free");
        var pro = LimitsOf("pro");

        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => limiter.AcquireAsync(account, i < 100 ? free : pro)));

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Take(100).Where(d => d.Admitted).Select(d => d.Used(LimitWindow.Hour)), Is.All.LessThanOrEqualTo(60));
            Assert.That(decisions.Admitted(), Is.EqualTo(160), "60 of the free requests, then all 100 pro ones (600 an hour)");
            Assert.That(decisions.Skip(100).Select(d => d.Windows[0].Limit), Is.All.EqualTo(600));
        });
        var after = await limiter.PeekAsync(account, pro);
        Assert.That(after.Used(LimitWindow.Hour), Is.EqualTo(decisions.Admitted()), "every admission counted, none more");
    }

    private static async Task<long> ScriptCallsAsync()
    {
        // Summed over every primary, so the count holds on Redis Cluster too.
        var calls = 0L;
        foreach (var server in Redis.Multiplexer.GetServers().Where(s => !s.IsReplica))
        {
            var stats = await server.InfoAsync("commandstats");
            var evalsha = stats.SelectMany(g => g).FirstOrDefault(e => e.Key == "cmdstat_evalsha").Value;
            calls += evalsha is null ? 0 : long.Parse(evalsha.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return calls;
    }
}
