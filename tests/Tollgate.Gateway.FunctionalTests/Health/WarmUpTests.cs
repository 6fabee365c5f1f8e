using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Hosting.WarmUp;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Health;

/// <summary>
/// The start-up warm-up: a gateway on a real socket sends itself requests before it reports ready, so the runtime has
/// compiled its request path when traffic comes; the requests reach no upstream, count in no metric, and nobody else
/// can make the warm-up's endpoints answer.
/// </summary>
public sealed class WarmUpTests
{
    private static readonly Dictionary<string, string?> WarmUpOn = new()
    {
        ["Gateway:WarmUp:MaxDurationMs"] = "2000",
        ["Gateway:WarmUp:Connections"] = "2",
        // Only requests could reach the counting upstream below, not the cluster's health probes.
        ["ReverseProxy:Clusters:weather:HealthCheck:Active:Enabled"] = "false",
    };

    [Test]
    public async Task FreshGateway_IsNotReadyWhileItWarmsUp_ThenReady_AndTheUpstreamSawNothing()
    {
        using var upstream = new CountingListener();
        var management = new Uri(FreePort.LoopbackUrl());
        var watch = Stopwatch.StartNew();
        await using var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>(WarmUpOn) { ["Management:Urls"] = management.ToString() }, kestrel: true);
        using var client = new HttpClient { BaseAddress = gateway.Address };

        using (var first = await client.GetAsync("/health/ready"))
        {
            var check = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("warm-up");
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not ready while warming up");
            Assert.That(check.GetProperty("description").GetString(), Does.Contain("warming up"));
        }
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            using var response = await client.GetAsync("/health/ready");
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "ready once the warm-up is over");
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)), "not before its duration");
            Assert.That(gateway.Logs.Text, Does.Match(@"Warm-up done: [1-9]\d* requests"), "it did send itself requests");
            Assert.That(upstream.Accepted, Is.Zero, "no warm-up request reached the upstream");
            Assert.That(gateway.Logs.Lines.Where(line => line.StartsWith("Error ", StringComparison.Ordinal)), Is.Empty,
                "warming up is no error: the readiness probes meanwhile log none");
        });
        using var metrics = new HttpClient();
        var scrape = await metrics.GetStringAsync(new Uri(management, "/metrics"));
        Assert.That(scrape.Split('\n').Where(line => line.Contains("_tollgate", StringComparison.Ordinal)), Is.Empty, "warm-up requests are not traffic");
    }

    [Test]
    public async Task WarmUpRoute_AnswersNobodyElse_NorAnythingOnceItIsOver()
    {
        // A warm-up in a process that has compiled the request path already ends after its shortest run (2 s), which a
        // slow store (Redis Cluster under CI load) can spend on the set-up alone: then a fresh gateway is tried, so the
        // strangers' requests below are made while the warm-up runs, never after it.
        for (var attempt = 1; ; attempt++)
        {
            using var upstream = new CountingListener();
            await using var gateway = new GatewayHost(upstream.Address, WarmUpOn, kestrel: true);
            var state = gateway.Services.GetRequiredService<WarmUpState>();
            var consumer = await gateway.CreateConsumerAsync("free");
            using var client = new HttpClient { BaseAddress = gateway.Address };

            using var stranger = await client.GetAsync(WarmUpRoute.Path);
            using var withAKey = await client.SendAsync(consumer.Get(WarmUpRoute.Path));
            using var wrongToken = consumer.Get(WarmUpRoute.Path);
            wrongToken.Headers.Add(WarmUpState.TokenHeader, new string('0', 64));
            using var guessed = await client.SendAsync(wrongToken);
            using var sink = await client.GetAsync(WarmUpEndpoints.SinkPath);
            if (!state.Running && attempt < 3)
            {
                continue;
            }
            Assert.Multiple(() =>
            {
                Assert.That(state.Running, Is.True, "asked while the warm-up runs");
                Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the route is keyed");
                Assert.That(withAKey.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a real key without the token: the sink does not answer");
                Assert.That(guessed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nor with a wrong token");
                Assert.That(sink.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nor asked directly");
                Assert.That(upstream.Accepted, Is.Zero);
            });

            await state.Finished.WaitAsync(TimeSpan.FromSeconds(20));
            using var late = consumer.Get(WarmUpRoute.Path);
            late.Headers.Add(WarmUpState.TokenHeader, state.Token);
            using var afterwards = await client.SendAsync(late);
            Assert.That(afterwards.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the route is gone once the warm-up is over, token or not");
            return;
        }
    }

    [Test]
    public async Task WarmUpAccount_IsCountedInRedisWhileItRuns_AndLeavesNothingBehind()
    {
        using var upstream = new CountingListener();
        var redis = TestRedisSetUp.Redis.Multiplexer;
        var before = await AccountKeysAsync(redis);
        await using var gateway = new GatewayHost(upstream.Address, WarmUpOn, kestrel: true);
        var state = gateway.Services.GetRequiredService<WarmUpState>();

        var counted = new HashSet<string>();
        while (!state.Finished.IsCompleted && counted.Count == 0)
        {
            counted = [.. (await AccountKeysAsync(redis)).Except(before)];
            await Task.Delay(50);
        }
        await state.Finished.WaitAsync(TimeSpan.FromSeconds(20));
        var left = (await AccountKeysAsync(redis)).Except(before).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(counted, Is.Not.Empty, "the warm-up's requests went through the limiter");
            Assert.That(left, Is.Empty, "nothing of its account is left once it is over");
        });
    }

    private static async Task<HashSet<string>> AccountKeysAsync(StackExchange.Redis.IConnectionMultiplexer redis)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: "tg:{acc_*}:*"))
            {
                keys.Add(key.ToString());
            }
        }
        return keys;
    }

    [Test]
    public async Task WarmUpRefused_EndsAtOnce_AndTheGatewayIsReadyAnyway()
    {
        using var upstream = new CountingListener();
        // No key cache: the warm-up's key, which exists only in that cache, is unknown to Redis and refused with 401.
        await using var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>(WarmUpOn)
        {
            ["Gateway:WarmUp:MaxDurationMs"] = "30000",
            ["Gateway:KeyCache:LifetimeSeconds"] = "0",
        }, kestrel: true);
        var state = gateway.Services.GetRequiredService<WarmUpState>();

        await state.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        using var client = new HttpClient { BaseAddress = gateway.Address };
        using var ready = await client.GetAsync("/health/ready");

        Assert.Multiple(() =>
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "ready without the warm-up, long before its 30 s");
            Assert.That(gateway.Logs.Text, Does.Contain("Warm-up ended early"));
            Assert.That(gateway.Logs.Text, Does.Contain("answered 401"), "the reason is in the log");
        });
    }

    [Test]
    public async Task WarmUpOff_ReadyAtOnce()
    {
        using var upstream = new CountingListener();
        await using var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?> { ["Gateway:WarmUp:MaxDurationMs"] = "0" }, kestrel: true);
        using var client = new HttpClient { BaseAddress = gateway.Address };

        using var response = await client.GetAsync("/health/ready");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>An "upstream" that only counts the connections made to it.</summary>
    private sealed class CountingListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _accepted;

        public CountingListener()
        {
            _listener.Start();
            Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _ = AcceptAsync();
        }

        public Uri Address { get; }

        public int Accepted => Volatile.Read(ref _accepted);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref _accepted);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
