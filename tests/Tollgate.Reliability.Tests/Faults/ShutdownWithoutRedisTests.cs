using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Faults;

/// <summary>
/// A service whose Redis dies while it stops (a compose stack or a node stopped all at once) still stops cleanly: a
/// listener's unsubscribe that fails must not turn a SIGTERM into an unhandled exception and a SIGABRT, as it did at
/// the end of benchmark runs, where every process is stopped at the same moment.
/// </summary>
[NonParallelizable]
public sealed class ShutdownWithoutRedisTests
{
    // Long enough for the stop to reach its Redis commands; they then wait (a frozen Redis answers nothing).
    private static readonly TimeSpan CommandsSent = TimeSpan.FromMilliseconds(1500);

    // Without a lease the stop's first Redis command is the listeners' UNSUBSCRIBE; with one, the lease's return.
    [TestCase(false)]
    [TestCase(true)]
    public async Task RedisDiesDuringShutdown_GatewayStopsCleanly(bool holdingLease)
    {
        await using var upstream = new UpstreamHost();
        await using var redis = await RedisServerProcess.StartNewAsync(deployConfig: false);
        var gateway = new GatewayHost(upstream.Address, redisConnectionString: redis.ConnectionString);
        using var client = gateway.CreateClient();
        using var live = await client.GetAsync("/health/live"); // started, and subscribed to its channels
        Assert.That((int)live.StatusCode, Is.EqualTo(200));
        if (holdingLease)
        {
            // Requests of one account in a burst: the gateway takes a permit lease, which it returns while stopping.
            var consumer = await gateway.CreateConsumerAsync("pro");
            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            {
                using var response = await client.SendAsync(consumer.Get("/api/v3/weather/current?city=Oslo"));
                return (int)response.StatusCode;
            }));
            Assert.That(answers, Is.All.EqualTo(200));
        }

        await StopWhileRedisDiesAsync(redis, () => gateway.DisposeAsync().AsTask(), "the gateway's shutdown");
    }

    [Test]
    public async Task RedisDiesDuringShutdown_AdminApiStopsCleanly()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(deployConfig: false);
        var admin = new AdminApiHost(redisConnectionString: redis.ConnectionString);
        using var client = admin.CreateClient();
        using var live = await client.GetAsync("/health/live");
        Assert.That((int)live.StatusCode, Is.EqualTo(200));

        await StopWhileRedisDiesAsync(redis, () => admin.DisposeAsync().AsTask(), "the admin API's shutdown");
    }

    /// <summary>
    /// Redis frozen, so the commands of the shutdown (UNSUBSCRIBE, lease returns) are sent and wait for an answer;
    /// then killed, so they end with "connection reset by peer" (or their timeout) instead of an answer.
    /// </summary>
    private static async Task StopWhileRedisDiesAsync(RedisServerProcess redis, Func<Task> stop, string what)
    {
        await redis.FreezeAsync();
        var stopping = stop();
        await Task.Delay(CommandsSent);
        await redis.KillAsync();

        Assert.That(async () => await stopping, Throws.Nothing, what);
    }
}
