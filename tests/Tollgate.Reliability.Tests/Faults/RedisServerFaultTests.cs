using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StackExchange.Redis;
using Tollgate.Core.Redis;
using Tollgate.Reliability.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Faults;

/// <summary>
/// SPEC "Who may do what" / issue 11: every Redis fault, not only a dead Redis, takes the outage policy. Redis
/// out of memory, turned replica (READONLY, or MASTERDOWN when it serves no stale data), busy with a runaway
/// script, asleep (DEBUG SLEEP), its script cache flushed: the gateway answers as <c>Limits:RedisFailurePolicy</c>
/// says, the admin API answers 503 problem+json with Retry-After, never 500, and both serve normally again once
/// the fault is undone, with no restart. Each test has a Redis of its own: the faults change the server's state.
/// </summary>
[NonParallelizable]
public sealed class RedisServerFaultTests
{
    private const string Weather = "/api/v3/weather/current?city=Oslo";
    private const int Requests = 10;

    private UpstreamHost _upstream = null!;

    public enum Fault
    {
        OutOfMemory,
        ReadOnly,
        MasterDown,
        BusyScript,
        DebugSleep,
    }

    [OneTimeSetUp]
    public void StartUpstream() => _upstream = new UpstreamHost();

    [OneTimeTearDown]
    public async Task StopUpstreamAsync() => await _upstream.DisposeAsync();

    [TestCase(Fault.OutOfMemory, "Local")]
    [TestCase(Fault.OutOfMemory, "FailOpen")]
    [TestCase(Fault.OutOfMemory, "FailClosed")]
    [TestCase(Fault.ReadOnly, "Local")]
    [TestCase(Fault.ReadOnly, "FailOpen")]
    [TestCase(Fault.ReadOnly, "FailClosed")]
    [TestCase(Fault.MasterDown, "Local")]
    [TestCase(Fault.MasterDown, "FailClosed")]
    [TestCase(Fault.BusyScript, "Local")]
    [TestCase(Fault.BusyScript, "FailClosed")]
    [TestCase(Fault.DebugSleep, "Local")]
    [TestCase(Fault.DebugSleep, "FailClosed")]
    public async Task RedisFault_GatewayTakesThePolicy_AdminAnswers503_BothRecoverAlone(Fault fault, string policy)
    {
        await using var redis = await RedisServerProcess.StartNewAsync(deployConfig: false, "--enable-debug-command", "yes");
        await using var env = new Services(_upstream, redis, policy);
        var consumer = await env.Gateway.CreateConsumerAsync("pro");
        await env.ExpectServedByRedisAsync(consumer, "before the fault");

        await using var control = await redis.ConnectAsync();
        var undo = await InjectAsync(fault, redis, control);
        var answers = new List<string>();
        try
        {
            for (var i = 0; i < Requests; i++)
            {
                using var response = await env.Client.SendAsync(consumer.Get(Weather));
                answers.Add(await ExpectPolicyAnswerAsync(response, policy, $"{fault}, weather request {i}"));
            }
            // The gateway's own subscription endpoints: a tier change (a downgrade, which needs no payment) writes. Not the
            // proxy path: answered as every service answers a store fault.
            using var downgrade = new HttpRequestMessage(HttpMethod.Post, "/api/v3/subscription/upgrade?tier=free");
            downgrade.Headers.Add("X-API-Key", consumer.RawKey);
            using var changed = await env.Client.SendAsync(downgrade);
            await ExpectStoreUnavailableAsync(changed, $"{fault}: POST /api/v3/subscription/upgrade");
            using var created = await env.Admin.PostAsJsonAsync("/admin/accounts", new { email = $"{Guid.NewGuid():N}@example.test", tier = "free" });
            await ExpectStoreUnavailableAsync(created, $"{fault}: POST /admin/accounts");
            // The dashboard is the gateway's consumer side: the same answer as the subscription endpoints.
            using var signIn = await env.DashboardSignInAsync(consumer.RawKey);
            await ExpectStoreUnavailableAsync(signIn, $"{fault}: dashboard sign-in");
            using var usage = await env.Admin.GetAsync($"/admin/accounts/{consumer.Account.Id}/usage");
            if (fault is Fault.OutOfMemory or Fault.ReadOnly)
            {
                // Reads still work on a full or read-only Redis.
                Assert.That(usage.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{fault}: reads still answer");
            }
            else
            {
                await ExpectStoreUnavailableAsync(usage, $"{fault}: GET usage");
            }
        }
        finally
        {
            await undo();
        }
        await TestContext.Out.WriteLineAsync($"{fault}/{policy}: {string.Join(" ", answers)}");

        await env.ExpectRecoveredAsync(consumer);
    }

    /// <summary>
    /// A restarted Redis answers LOADING to everything until its dataset is read (slowed here by
    /// <c>key-load-delay</c>, a debug setting, and answering clients every KB, so that it lasts seconds). The
    /// gateway takes the policy, the admin API answers 503, and both serve once the data is there.
    /// </summary>
    [TestCase("Local")]
    [TestCase("FailClosed")]
    public async Task RedisLoadingItsData_GatewayTakesThePolicy_AdminAnswers503_BothServeOnceLoaded(string policy)
    {
        await using var redis = await RedisServerProcess.StartNewAsync(deployConfig: false, "--enable-debug-command", "yes", "--key-load-delay", "100",
            "--loading-process-events-interval-bytes", "1024");
        await using var env = new Services(_upstream, redis, policy);
        var consumer = await env.Gateway.CreateConsumerAsync("pro");
        await env.ExpectServedByRedisAsync(consumer, "before the restart");
        await using (var control = await redis.ConnectAsync())
        {
            var server = control.GetServer(redis.ConnectionString);
            await server.ExecuteAsync("DEBUG", "POPULATE", "20000", "filler");
            await server.ExecuteAsync("SAVE");
        }

        await redis.KillAsync();
        await redis.StartAsync(untilLoaded: false);
        var watch = Stopwatch.StartNew();
        var sawLoading = false;
        var answers = new List<string>();
        while (watch.Elapsed < TimeSpan.FromSeconds(2))
        {
            using var response = await env.Client.SendAsync(consumer.Get(Weather));
            answers.Add(await ExpectPolicyAnswerAsync(response, policy, "while Redis loads"));
            using var created = await env.Admin.PostAsJsonAsync("/admin/accounts", new { email = $"{Guid.NewGuid():N}@example.test", tier = "free" });
            if (created.StatusCode != HttpStatusCode.Created)
            {
                await ExpectStoreUnavailableAsync(created, "POST /admin/accounts while Redis loads");
                sawLoading = true;
            }
            await Task.Delay(100);
        }
        await TestContext.Out.WriteLineAsync($"Loading/{policy}: {string.Join(" ", answers)}");
        Assert.That(sawLoading, Is.True, "the admin API met the loading Redis (else the test proves nothing)");

        await env.ExpectRecoveredAsync(consumer, within: TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// SCRIPT FLUSH (or a restarted or failed-over Redis that never saw the scripts): EVALSHA answers NOSCRIPT.
    /// The script is loaded again and the call retried once, so nobody notices: even fail-closed serves.
    /// </summary>
    [Test]
    public async Task ScriptCacheFlushed_ScriptsAreReloaded_GatewayAndAdminServeAsUsual()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(deployConfig: false);
        await using var env = new Services(_upstream, redis, "FailClosed");
        var consumer = await env.Gateway.CreateConsumerAsync("pro");
        await env.ExpectServedByRedisAsync(consumer, "before the flush");
        using (var key = await env.Admin.PostAsJsonAsync($"/admin/accounts/{consumer.Account.Id}/keys", new { name = "loads issue_key" }))
        {
            Assert.That(key.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await using var control = await redis.ConnectAsync();
        await control.GetServer(redis.ConnectionString).ScriptFlushAsync();

        for (var i = 0; i < 3; i++)
        {
            await env.ExpectServedByRedisAsync(consumer, $"request {i} after SCRIPT FLUSH");
        }
        await control.GetServer(redis.ConnectionString).ScriptFlushAsync();
        using var created = await env.Admin.PostAsJsonAsync($"/admin/accounts/{consumer.Account.Id}/keys", new { name = "after flush" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// One account's data of the wrong type (WRONGTYPE): its window key read by the limiter script, or its account
    /// record read by the key lookup. That account gets the policy (the limiter) or 503 (the lookup) and its admin
    /// reads 503, never 500; the breaker stays closed, so every other account is still served from Redis, also
    /// fail-closed; and the account is served again once its data is repaired.
    /// </summary>
    [Test]
    public async Task OneAccountsKeyOfTheWrongType_OnlyThatAccountTakesThePolicy_OthersStayOnRedis()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(deployConfig: false);
        await using var env = new Services(_upstream, redis, "FailClosed");
        var broken = await env.Gateway.CreateConsumerAsync("pro");
        var unreadable = await env.Gateway.CreateConsumerAsync("pro");
        var healthy = await env.Gateway.CreateConsumerAsync("pro");
        // Not the unreadable one: a record the gateway has cached would still serve (as in an outage).
        foreach (var consumer in new[] { broken, healthy })
        {
            await env.ExpectServedByRedisAsync(consumer, "before the damage");
        }

        await using var control = await redis.ConnectAsync();
        var db = control.GetDatabase();
        var window = RedisKeys.WindowCounts(broken.Account.Id, Core.Limiting.LimitWindow.All[0]);
        var saved = (RedisKey)"saved-window";
        await db.KeyRenameAsync(window, saved);
        await db.StringSetAsync(window, "not a hash");
        var account = RedisKeys.Account(unreadable.Account.Id);
        var savedAccount = (RedisKey)"saved-account";
        await db.KeyRenameAsync(account, savedAccount);
        await db.StringSetAsync(account, "not a hash");
        try
        {
            for (var i = 0; i < Requests; i++)
            {
                using var refused = await env.Client.SendAsync(broken.Get(Weather));
                await ExpectPolicyAnswerAsync(refused, "FailClosed", $"wrong-type window, request {i}");
                using var lookup = await env.Client.SendAsync(unreadable.Get(Weather));
                await ExpectPolicyAnswerAsync(lookup, "FailClosed", $"wrong-type account record, request {i}");
                using var served = await env.Client.SendAsync(healthy.Get(Weather));
                Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"another account is still served from Redis, request {i}");
                Assert.That(served.Headers.Contains("X-RateLimit-Remaining"), Is.True);
            }
            using var usage = await env.Admin.GetAsync($"/admin/accounts/{broken.Account.Id}/usage");
            await ExpectStoreUnavailableAsync(usage, "admin usage of the account with a wrong-type window");
            using var record = await env.Admin.GetAsync($"/admin/accounts/{unreadable.Account.Id}");
            await ExpectStoreUnavailableAsync(record, "admin read of a wrong-type account record");
            using var other = await env.Admin.GetAsync($"/admin/accounts/{healthy.Account.Id}/usage");
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), "other accounts' admin reads are untouched");
        }
        finally
        {
            await db.KeyDeleteAsync([window, account]);
            await db.KeyRenameAsync(saved, window);
            await db.KeyRenameAsync(savedAccount, account);
        }

        await env.ExpectRecoveredAsync(broken);
        await env.ExpectRecoveredAsync(unreadable);
    }

    /// <summary>Starts <paramref name="fault"/>; returns what undoes it.</summary>
    private static async Task<Func<Task>> InjectAsync(Fault fault, RedisServerProcess redis, ConnectionMultiplexer control)
    {
        var server = control.GetServer(redis.ConnectionString);
        switch (fault)
        {
            case Fault.OutOfMemory:
                await server.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
                await server.ExecuteAsync("CONFIG", "SET", "maxmemory", "1");
                return async () => await server.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
            case Fault.ReadOnly:
            case Fault.MasterDown:
                // A primary that is not there: the server keeps its data, refuses writes (READONLY) and, told to serve
                // no stale data, everything (MASTERDOWN), as after a failover that demoted it.
                if (fault == Fault.MasterDown)
                {
                    await server.ExecuteAsync("CONFIG", "SET", "replica-serve-stale-data", "no");
                }
                await server.ExecuteAsync("REPLICAOF", "127.0.0.1", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
                return async () =>
                {
                    await server.ExecuteAsync("REPLICAOF", "NO", "ONE");
                    await server.ExecuteAsync("CONFIG", "SET", "replica-serve-stale-data", "yes");
                };
            case Fault.BusyScript:
            {
                // A script that never ends: after busy-reply-threshold every other command answers BUSY.
                await server.ExecuteAsync("CONFIG", "SET", "busy-reply-threshold", "20");
                var looper = await redis.ConnectAsync();
                var loop = looper.GetDatabase().ScriptEvaluateAsync("local i = 0 while true do i = i + 1 end", flags: CommandFlags.None);
                await Task.Delay(200);
                return async () =>
                {
                    await server.ExecuteAsync("SCRIPT", "KILL");
                    Assert.That(async () => await loop, Throws.InstanceOf<RedisException>());
                    await looper.DisposeAsync();
                };
            }
            case Fault.DebugSleep:
            {
                var sleeper = await redis.ConnectAsync();
                var sleep = sleeper.GetServer(redis.ConnectionString).ExecuteAsync("DEBUG", "SLEEP", "5");
                await Task.Delay(100);
                return async () =>
                {
                    await sleep;
                    await sleeper.DisposeAsync();
                };
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(fault));
        }
    }

    /// <summary>What the policy answers; never a 500. Returns a short trace of the answer.</summary>
    private static async Task<string> ExpectPolicyAnswerAsync(HttpResponseMessage response, string policy, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.Not.EqualTo(500), $"{what}: {body}");
        switch (policy)
        {
            case "Local":
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{what}: {body}");
                Assert.That(response.Headers.Contains("X-RateLimit-Remaining"), Is.True, $"{what}: local limits report their windows");
                break;
            case "FailOpen":
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{what}: {body}");
                break;
            default:
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), $"{what}: {body}");
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(Problem.MediaType), what);
                Assert.That(Problem.Parse(body).Type, Is.EqualTo("urn:tollgate:problem:limiter-unavailable"), what);
                Assert.That(response.Headers.RetryAfter, Is.Not.Null, $"{what}: Retry-After");
                break;
        }
        return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExpectStoreUnavailableAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), $"{what}: {body}");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(Problem.MediaType), what);
        Assert.That(Problem.Parse(body).Type, Is.EqualTo("urn:tollgate:problem:store-unavailable"), what);
        Assert.That(response.Headers.RetryAfter, Is.Not.Null, $"{what}: Retry-After");
    }

    /// <summary>A gateway and an admin API on one test's Redis, both with the production Redis timeout.</summary>
    private sealed class Services : IAsyncDisposable
    {
        public Services(UpstreamHost upstream, RedisServerProcess redis, string policy)
        {
            Gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>
            {
                ["Redis:TimeoutMs"] = "250",
                ["Redis:FailuresToOpen"] = "3",
                ["Redis:BreakSeconds"] = "1",
                ["Limits:RedisFailurePolicy"] = policy,
                // Each request its own limiter call: "served by Redis" is read as the hour's usage moving by one
                // (a permit lease would serve the next requests without Redis).
                ["Limits:Leases:Enabled"] = "false",
                ["Gateway:KeyCache:LifetimeSeconds"] = "1",
            }, redisConnectionString: redis.ConnectionString);
            AdminHost = new AdminApiHost(new Dictionary<string, string?> { ["Redis:TimeoutMs"] = "250" }, redisConnectionString: redis.ConnectionString);
            Client = Gateway.CreateClient();
            Admin = AdminHost.CreateClient();
        }

        public GatewayHost Gateway { get; }

        public AdminApiHost AdminHost { get; }

        public HttpClient Client { get; }

        public HttpClient Admin { get; }

        /// <summary>Opens a dashboard session (on the gateway) with <paramref name="rawKey"/>, as the page does: form token, then the key.</summary>
        public async Task<HttpResponseMessage> DashboardSignInAsync(string rawKey)
        {
            using var browser = Gateway.CreateClient();
            var session = await browser.GetJsonAsync("/dashboard/api/session");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/api/session") { Content = JsonContent.Create(new { api_key = rawKey }) };
            request.Headers.Add("X-CSRF-Token", session.Str("csrf_token"));
            return await browser.SendAsync(request);
        }

        /// <summary>A weather request is admitted and counted in Redis (the admin API's usage shows it).</summary>
        public async Task ExpectServedByRedisAsync(TestConsumer consumer, string what)
        {
            Assert.That(await TryServedByRedisAsync(consumer), Is.True, what);
        }

        /// <summary>Within 10 s of the fault's end: the gateway counts in Redis again and the admin API writes.</summary>
        public async Task ExpectRecoveredAsync(TestConsumer consumer, TimeSpan? within = null)
        {
            var watch = Stopwatch.StartNew();
            var recovered = false;
            while (!recovered && watch.Elapsed < (within ?? TimeSpan.FromSeconds(10)))
            {
                recovered = await TryServedByRedisAsync(consumer);
                if (recovered)
                {
                    using var signIn = await DashboardSignInAsync(consumer.RawKey);
                    recovered = signIn.StatusCode == HttpStatusCode.OK;
                }
                if (recovered)
                {
                    using var created = await Admin.PostAsJsonAsync("/admin/accounts", new { email = $"{Guid.NewGuid():N}@example.test", tier = "free" });
                    recovered = created.StatusCode == HttpStatusCode.Created;
                }
                if (!recovered)
                {
                    await Task.Delay(100);
                }
            }
            await TestContext.Out.WriteLineAsync($"Recovered in {watch.Elapsed.TotalMilliseconds:F0} ms.");
            Assert.That(recovered, Is.True, "gateway and admin API serve from Redis again soon after the fault's end, without a restart");
        }

        private async Task<bool> TryServedByRedisAsync(TestConsumer consumer)
        {
            var before = await HourUsedAsync(consumer);
            using var response = await Client.SendAsync(consumer.Get(Weather));
            var after = await HourUsedAsync(consumer);
            return response.StatusCode == HttpStatusCode.OK && before is { } b && after == b + 1;
        }

        private async Task<long?> HourUsedAsync(TestConsumer consumer)
        {
            using var response = await Admin.GetAsync($"/admin/accounts/{consumer.Account.Id}/usage");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }
            var usage = await response.Content.ReadFromJsonAsync<JsonElement>();
            return usage.GetProperty("windows").GetProperty("hour").GetProperty("used").GetInt64();
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            Admin.Dispose();
            await Gateway.DisposeAsync();
            await AdminHost.DisposeAsync();
        }
    }
}
