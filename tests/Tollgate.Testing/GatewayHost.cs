using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Keys;

namespace Tollgate.Testing;

/// <summary>
/// The real gateway (<see cref="ServiceHost{TEntryPoint}"/> over its <c>Program</c>), its weather cluster pointed at
/// <c>upstream</c>, on the assembly's Redis unless told another. Adds two test routes to the configured ones:
/// <c>/api/v3/weather/echo-headers</c> (keyed, counted, feature "current") and <c>/open/echo-headers</c> (no key),
/// both answered by the sample upstream's header echo.
/// </summary>
public sealed class GatewayHost : ServiceHost<Program>
{
    /// <summary>The gateway's management listener in the in-memory test server (its default port, see <see cref="ArrivalPort"/>), e.g. for <c>/metrics</c>.</summary>
    public static readonly Uri ManagementUrl = new("http://localhost:8100/");

    /// <param name="upstream">Where the weather cluster's <c>primary</c> destination points.</param>
    /// <param name="overrides">Configuration laid over everything else.</param>
    /// <param name="timeProvider">The gateway's clock; default the system clock.</param>
    /// <param name="logs">Where its log lines go (e.g. shared with another host); default <see cref="ServiceHost{TEntryPoint}.Logs"/> of its own.</param>
    /// <param name="kestrel">Listen on a real socket (127.0.0.1, free port), e.g. for raw HTTP or a browser.</param>
    /// <param name="redisConnectionString">Another Redis than the assembly's (<see cref="TestRedisSetUp.Redis"/>).</param>
    /// <param name="contentRoot">The gateway's folder; by default its source folder (whose parent holds the root appsettings.json).</param>
    /// <param name="configureServices">Test services laid over the gateway's own.</param>
    public GatewayHost(
        Uri upstream,
        IReadOnlyDictionary<string, string?>? overrides = null,
        TimeProvider? timeProvider = null,
        CapturedLogs? logs = null,
        bool kestrel = false,
        string? redisConnectionString = null,
        string? contentRoot = null,
        Action<IServiceCollection>? configureServices = null)
        : base(new ServiceHostOptions
        {
            Configuration = Configuration(upstream, overrides, redisConnectionString),
            TimeProvider = timeProvider,
            Logs = logs,
            Kestrel = kestrel,
            ContentRoot = contentRoot,
            ConfigureServices = configureServices,
        })
    {
    }

    /// <summary>Creates an account of <paramref name="tier"/> with one key (see <see cref="Seeding"/>).</summary>
    public Task<TestConsumer> CreateConsumerAsync(string tier, NewApiKey? key = null) => Services.CreateConsumerAsync(tier, key);

    private static Dictionary<string, string?> Configuration(Uri upstream, IReadOnlyDictionary<string, string?>? overrides, string? redisConnectionString)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var values = TestConfiguration.ServiceValues(redisConnectionString ?? TestRedisSetUp.Redis.ConnectionString);
        values["ReverseProxy:Clusters:weather:Destinations:primary:Address"] = upstream.ToString();
        values["ReverseProxy:Routes:test-echo:ClusterId"] = "weather";
        values["ReverseProxy:Routes:test-echo:Match:Path"] = "/api/v3/weather/echo-headers";
        values["ReverseProxy:Routes:test-echo:Metadata:Feature"] = "current";
        values["ReverseProxy:Routes:test-open:ClusterId"] = "weather";
        values["ReverseProxy:Routes:test-open:Match:Path"] = "/open/echo-headers";
        values["ReverseProxy:Routes:test-open:Metadata:RequiresKey"] = "false";
        values["ReverseProxy:Routes:test-open:Transforms:0:PathSet"] = "/api/v3/weather/echo-headers";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        return values;
    }
}
