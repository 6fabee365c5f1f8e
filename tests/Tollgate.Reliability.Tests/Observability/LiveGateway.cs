using Tollgate.Reliability.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Observability;

/// <summary>
/// A gateway on real loopback sockets with its management listener (<c>/metrics</c>) on a port of its own, as
/// Prometheus scrapes it, over a Redis of its own that a test can kill and restart.
/// </summary>
public sealed class LiveGateway : IAsyncDisposable
{
    private LiveGateway(RedisServerProcess redis, GatewayHost host, Uri management)
    {
        Redis = redis;
        Host = host;
        Management = management;
    }

    public RedisServerProcess Redis { get; }

    public GatewayHost Host { get; }

    /// <summary>The management listener, e.g. http://127.0.0.1:40123/.</summary>
    public Uri Management { get; }

    /// <summary><c>host:port</c> of <see cref="Management"/>, a Prometheus scrape target.</summary>
    public string ScrapeTarget => $"{Management.Host}:{Management.Port}";

    /// <param name="upstream">Where the weather cluster's destination points.</param>
    /// <param name="overrides">Configuration laid over the test's.</param>
    public static async Task<LiveGateway> StartAsync(Uri upstream, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        // As deployed (AOF): a restarted Redis comes back with the test's accounts and keys.
        var redis = await RedisServerProcess.StartNewAsync(deployConfig: true);
        try
        {
            var management = new Uri(FreePort.LoopbackUrl());
            var values = new Dictionary<string, string?>
            {
                ["Management:Urls"] = management.ToString(),
                ["Redis:TimeoutMs"] = "250",
                ["Limits:RedisFailurePolicy"] = "Local",
            };
            foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }
            var host = new GatewayHost(upstream, values, kestrel: true, redisConnectionString: redis.ConnectionString);
            return new LiveGateway(redis, host, management);
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>What Prometheus would scrape now.</summary>
    public async Task<MetricsExposition> MetricsAsync()
    {
        using var http = new HttpClient();
        return MetricsExposition.Parse(await http.GetStringAsync(new Uri(Management, "/metrics")));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
