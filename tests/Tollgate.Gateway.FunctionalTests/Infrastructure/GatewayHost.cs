using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Infrastructure;

/// <summary>
/// The real gateway in the ASP.NET test host, its weather cluster pointed at a real upstream, on the
/// assembly's Redis. Adds two test routes to the configured ones: <c>/api/v3/weather/echo-headers</c>
/// (keyed, counted, feature "current") and <c>/open/echo-headers</c> (no key), both answered by the
/// upstream's header echo.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    /// <param name="upstream">Where the weather cluster points.</param>
    /// <param name="overrides">Configuration laid over everything else.</param>
    /// <param name="contentRoot">The gateway's folder; by default its source folder (whose parent holds the root appsettings.json).</param>
    /// <param name="configureServices">Test services laid over the gateway's own.</param>
    public GatewayHost(
        Uri upstream,
        IReadOnlyDictionary<string, string?>? overrides = null,
        string? contentRoot = null,
        Action<IServiceCollection>? configureServices = null)
    {
        // The tier catalogue comes from the real root appsettings.json, as in production, not from memory.
        var values = TestConfiguration.Values(RedisSetUp.Redis.ConnectionString)
            .Where(p => !p.Key.StartsWith("Tiers:", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
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

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            if (contentRoot is not null)
            {
                web.UseContentRoot(contentRoot);
            }
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
            web.ConfigureLogging(logging => logging.AddProvider(Logs));
            // The test server has no sockets: the port in a request's URL picks the listener (ManagementUrl for /metrics).
            web.ConfigureTestServices(services => services.AddSingleton(ArrivalPort.StartupFilter));
            if (configureServices is not null)
            {
                web.ConfigureTestServices(configureServices);
            }
        });
    }

    /// <summary>The gateway's management listener in the test server (its default port, see <see cref="ArrivalPort"/>), e.g. for <c>/metrics</c>.</summary>
    public static readonly Uri ManagementUrl = new("http://localhost:8100/");

    public IServiceProvider Services => _factory.Services;

    public HttpClient CreateClient() => _factory.CreateClient();

    /// <summary>A client with <paramref name="options"/> (e.g. no cookie jar, another base address).</summary>
    public HttpClient CreateClient(WebApplicationFactoryClientOptions options) => _factory.CreateClient(options);

    /// <summary>Everything the gateway logged.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Creates an account of <paramref name="tier"/> with one key, straight through the core stores.</summary>
    public async Task<TestConsumer> CreateConsumerAsync(string tier, NewApiKey? key = null)
    {
        var accounts = Services.GetRequiredService<IAccountStore>();
        var keys = Services.GetRequiredService<IApiKeyStore>();
        var account = await accounts.CreateAsync($"{Guid.NewGuid():N}@example.test", tier, CancellationToken.None)
            ?? throw new InvalidOperationException("A fresh email was taken.");
        var issued = await keys.IssueAsync(account.Id, key ?? new NewApiKey("test"), CancellationToken.None);
        return new TestConsumer(account, issued.RawKey, issued.Record);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
