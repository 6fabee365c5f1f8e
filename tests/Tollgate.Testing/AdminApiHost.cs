extern alias adminapi;

using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Testing;

/// <summary>
/// The real admin API (<see cref="ServiceHost{TEntryPoint}"/> over its <c>Program</c>) on the assembly's Redis unless
/// told another, with <see cref="Token"/> as its only admin token unless told otherwise.
/// </summary>
public sealed class AdminApiHost : ServiceHost<adminapi::Program>
{
    /// <summary>The admin token tests authenticate with.</summary>
    public const string Token = "admin-test-token-7f3a9c0e1b2d4f6a8c0e2b4d6f8a0c1e";

    /// <summary>The admin API's management listener in the in-memory test server (its default port, see <see cref="ArrivalPort"/>), e.g. for <c>/metrics</c>.</summary>
    public static readonly Uri ManagementUrl = new("http://localhost:8101/");

    /// <param name="overrides">Configuration laid over the test defaults.</param>
    /// <param name="timeProvider">The service's clock, e.g. a <c>FakeTimeProvider</c>; default the system clock.</param>
    /// <param name="environment">Host environment; default "Testing" (production rules).</param>
    /// <param name="withToken">False to configure no admin token at all.</param>
    /// <param name="configureServices">Last word on the registrations, e.g. a test billing provider.</param>
    /// <param name="logs">Where its log lines go (e.g. shared with another host); default <see cref="ServiceHost{TEntryPoint}.Logs"/> of its own.</param>
    /// <param name="kestrel">Listen on a real socket (127.0.0.1, free port).</param>
    /// <param name="redisConnectionString">Another Redis than the assembly's (<see cref="TestRedisSetUp.Redis"/>).</param>
    public AdminApiHost(
        IReadOnlyDictionary<string, string?>? overrides = null,
        TimeProvider? timeProvider = null,
        string environment = TestHostEnvironment.Testing,
        bool withToken = true,
        Action<IServiceCollection>? configureServices = null,
        CapturedLogs? logs = null,
        bool kestrel = false,
        string? redisConnectionString = null)
        : base(new ServiceHostOptions
        {
            Configuration = Configuration(overrides, withToken, redisConnectionString),
            TimeProvider = timeProvider,
            Environment = environment,
            ConfigureServices = configureServices,
            Logs = logs,
            Kestrel = kestrel,
        })
    {
    }

    /// <summary>A client sending <c>Authorization: Bearer <paramref name="token"/></c>; none when null.</summary>
    public HttpClient CreateClient(string? token = Token)
    {
        var client = base.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    private static Dictionary<string, string?> Configuration(IReadOnlyDictionary<string, string?>? overrides, bool withToken, string? redisConnectionString)
    {
        var values = TestConfiguration.ServiceValues(redisConnectionString ?? TestRedisSetUp.Redis.ConnectionString);
        if (withToken)
        {
            values["Admin:Tokens:0"] = Token;
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        return values;
    }
}
