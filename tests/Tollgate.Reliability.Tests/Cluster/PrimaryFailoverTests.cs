using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Core.Redis;
using Tollgate.Reliability.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Cluster;

/// <summary>
/// Scale-out on Redis Cluster: a primary dies (SIGKILL) while its replica is healthy, and the cluster fails over
/// (<c>cluster-node-timeout</c> 1 s here). The gateway, hosted on the whole cluster, must answer the dead primary's
/// accounts as <c>Limits:RedisFailurePolicy</c> says, each within <c>Redis:TimeoutMs</c> (never 500, never a hang),
/// keep counting every other account in Redis, count the dead primary's accounts in Redis again once the replica is
/// promoted, with no restart, and never admit an account past its limit in Redis.
/// </summary>
/// <remarks>
/// Replication is asynchronous: a write the primary acknowledged but had not yet sent to its replica is lost in a
/// failover, and the account gets that many requests again. The test waits for the replica to catch up before the
/// kill, so what it shows is the gateway's part; the loss window is the replication lag (about a millisecond here).
/// </remarks>
[NonParallelizable]
public sealed class PrimaryFailoverTests
{
    private const string Weather = "/api/v3/weather/current?city=Oslo";
    private const int TimeoutMs = 250;
    private const int HourLimit = 60;   // the free tier, repository appsettings.json
    private const int UsedBeforeTheKill = 20;

    // A request during the failover is one key lookup from the cache and one limiter call bounded by TimeoutMs; the
    // rest is the in-memory host and a loaded 2-core machine.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(750);
    private static readonly TimeSpan FailoverBudget = TimeSpan.FromSeconds(25);

    [TestCase("Local")]
    [TestCase("FailClosed")]
    public async Task PrimaryKilled_ItsAccountsTakeThePolicyUntilTheReplicaTakesOver_OthersStayOnRedis_NoneAdmittedPastTheLimit(string policy)
    {
        var total = Stopwatch.StartNew();
        await using var cluster = await RedisClusterProcess.StartNewAsync(TimeSpan.FromMilliseconds(1000), requireFullCoverage: false);
        await using var upstream = new UpstreamHost();
        var redisSettings = new Dictionary<string, string?>
        {
            ["Redis:TimeoutMs"] = TimeoutMs.ToString(CultureInfo.InvariantCulture),
            ["Redis:FailuresToOpen"] = "3",
            ["Redis:BreakSeconds"] = "1",
        };
        await using var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>(redisSettings)
        {
            ["Limits:RedisFailurePolicy"] = policy,
            // Every request its own limiter call, so what Redis counted before the kill is exactly what was admitted
            // (a permit lease counts a few requests ahead of their use).
            ["Limits:Leases:Enabled"] = "false",
            // The keys' records may live on the dead primary too; cached, they keep each request to one limiter call.
            ["Gateway:KeyCache:LifetimeSeconds"] = "120",
        }, redisConnectionString: cluster.ConnectionString);
        await using var adminHost = new AdminApiHost(redisSettings, redisConnectionString: cluster.ConnectionString);
        using var client = gateway.CreateClient();
        using var admin = adminHost.CreateClient();

        // Two free accounts whose windows ({accountId} hash tag) live on different primaries.
        var victim = await gateway.CreateConsumerAsync("free");
        var (primary, replica) = await cluster.ShardOfAsync(RedisKeys.Account(victim.Account.Id).ToString());
        TestConsumer bystander;
        do
        {
            bystander = await gateway.CreateConsumerAsync("free");
        }
        while ((await cluster.ShardOfAsync(RedisKeys.Account(bystander.Account.Id).ToString())).Primary == primary);

        var victimAdmitted = 0;
        for (var i = 0; i < UsedBeforeTheKill; i++)
        {
            using var response = await client.SendAsync(victim.Get(Weather));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"before the kill, request {i}");
            victimAdmitted++;
        }
        using (var response = await client.SendAsync(bystander.Get(Weather)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That(await HourUsedAsync(admin, victim), Is.EqualTo(UsedBeforeTheKill), "counted in Redis before the kill");
        Assert.That(await HourUsedAsync(admin, bystander), Is.EqualTo(1));
        await cluster.WaitForReplicaAsync(primary, replica);

        await cluster.KillAsync(primary);
        var sinceKill = Stopwatch.StartNew();
        var answers = new List<string>();
        var bystanderServed = 1;
        var maxLatency = TimeSpan.Zero;
        TimeSpan? promotedAt = null;
        TimeSpan? countedAgainAt = null;
        while (countedAgainAt is null)
        {
            Assert.That(sinceKill.Elapsed, Is.LessThan(FailoverBudget),
                $"{policy}: the account is counted in Redis again within {FailoverBudget.TotalSeconds:0} s of the kill; answers: {string.Join(' ', answers)}");
            if (promotedAt is null && await cluster.PrimaryOfAsync(RedisKeys.Account(victim.Account.Id).ToString()) == replica)
            {
                promotedAt = sinceKill.Elapsed;
            }

            var usedBefore = promotedAt is null ? null : await HourUsedAsync(admin, victim);
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(victim.Get(Weather));
            var latency = watch.Elapsed;
            var body = await response.Content.ReadAsStringAsync();
            maxLatency = latency > maxLatency ? latency : maxLatency;
            answers.Add($"{sinceKill.ElapsedMilliseconds}:{(int)response.StatusCode}");
            Assert.That((int)response.StatusCode, Is.Not.EqualTo(500), body);
            Assert.That(latency, Is.LessThan(TimeSpan.FromMilliseconds(TimeoutMs) + Slack),
                $"{policy}: answered within Redis:TimeoutMs ({latency.TotalMilliseconds:F0} ms)");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                victimAdmitted++;
            }
            if (usedBefore is { } before && response.StatusCode == HttpStatusCode.OK && await HourUsedAsync(admin, victim) == before + 1)
            {
                countedAgainAt = sinceKill.Elapsed;
            }
            else if (policy != "FailClosed" || response.StatusCode != HttpStatusCode.OK)
            {
                // Fail-closed admits only what Redis counted; the tally below checks that.
                ExpectPolicyAnswer(response, body, policy);
            }

            // Every other account is served and counted in Redis all along.
            using (var other = await client.SendAsync(bystander.Get(Weather)))
            {
                Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{policy}: an account on another primary, {sinceKill.ElapsedMilliseconds} ms after the kill");
                bystanderServed++;
            }
            if (promotedAt is null && await cluster.PrimaryOfAsync(RedisKeys.Account(victim.Account.Id).ToString()) == replica)
            {
                promotedAt = sinceKill.Elapsed;
            }
        }
        Assert.That(await HourUsedAsync(admin, bystander), Is.EqualTo(bystanderServed),
            $"{policy}: every request of the account on a live primary was counted in Redis during the failover");
        var usedAfterFailover = await HourUsedAsync(admin, victim);

        // Past the failover the account's Redis windows hold: it gets what its limit leaves, and not one more.
        HttpStatusCode status;
        do
        {
            using var response = await client.SendAsync(victim.Get(Weather));
            status = response.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                victimAdmitted++;
            }
        }
        while (status == HttpStatusCode.OK && victimAdmitted < 3 * HourLimit);
        Assert.That(status, Is.EqualTo(HttpStatusCode.TooManyRequests), $"{policy}: the limit holds after the failover");
        Assert.That(await HourUsedAsync(admin, victim), Is.EqualTo(HourLimit), "Redis counted up to the limit, not past it");
        // Admitted beyond what Redis counted: the local limiter's (a share of the limit per instance), never fail-closed.
        var locallyAdmitted = victimAdmitted - HourLimit;
        Assert.That(locallyAdmitted, policy == "FailClosed" ? Is.Zero : Is.InRange(0, HourLimit),
            $"{policy}: every admission counted in Redis once (a refused request counted late would make this negative)");

        var report = $"{policy}: killed primary {primary}; replica {replica} promoted (CLUSTER NODES) {promotedAt?.TotalMilliseconds:F0} ms after the kill; " +
                     $"the account counted in Redis again at {countedAgainAt?.TotalMilliseconds:F0} ms (Redis hour used {usedAfterFailover}); " +
                     $"{answers.Count} requests meanwhile, slowest {maxLatency.TotalMilliseconds:F0} ms, {locallyAdmitted} admitted by the local limiter; " +
                     $"the other account: {bystanderServed} served, all counted in Redis; admitted in all {victimAdmitted} " +
                     $"(limit {HourLimit} + {locallyAdmitted} local); test {total.Elapsed.TotalSeconds:F1} s.{Environment.NewLine}" +
                     $"answers (time since kill: status): {string.Join(' ', answers)}";
        await TestContext.Out.WriteLineAsync(report);
        await TestContext.Progress.WriteLineAsync(report);
    }

    /// <summary>The policy's answer while Redis cannot count the account; never a 500.</summary>
    private static void ExpectPolicyAnswer(HttpResponseMessage response, string body, string policy)
    {
        if (policy == "Local")
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(response.Headers.Contains("X-RateLimit-Remaining"), Is.True, "local limits report their windows");
            return;
        }
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(Problem.MediaType));
        Assert.That(Problem.Parse(body).Type, Is.EqualTo("urn:tollgate:problem:limiter-unavailable"));
        Assert.That(response.Headers.RetryAfter, Is.Not.Null, "Retry-After");
    }

    /// <summary>The account's hour window as Redis holds it (the admin API's usage report); null while Redis cannot say.</summary>
    private static async Task<long?> HourUsedAsync(HttpClient admin, TestConsumer consumer)
    {
        using var response = await admin.GetAsync($"/admin/accounts/{consumer.Account.Id}/usage");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }
        var usage = await response.Content.ReadFromJsonAsync<JsonElement>();
        return usage.GetProperty("windows").GetProperty("hour").GetProperty("used").GetInt64();
    }
}
