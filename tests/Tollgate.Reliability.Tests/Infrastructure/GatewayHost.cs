using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>
/// The real gateway in the ASP.NET test host (or, with <c>kestrel</c>, on a real loopback socket), its weather
/// cluster pointed at <c>upstream</c>, on the assembly's Redis unless told otherwise. Each host owns its own
/// Redis multiplexer, key cache and limiter, so several hosts stand in for several gateway instances.
/// The tier catalogue is the repository's root <c>appsettings.json</c>, as in production, with any overrides on top.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly Uri? _address;

    /// <param name="upstream">Where the weather cluster's <c>primary</c> destination points.</param>
    /// <param name="overrides">Configuration laid over everything else.</param>
    /// <param name="timeProvider">The gateway's clock; default the system clock.</param>
    /// <param name="logs">Receives every log line the configured filters let through; default: no logging at all.</param>
    /// <param name="kestrel">Listen on a real socket (127.0.0.1, free port), e.g. for raw HTTP.</param>
    /// <param name="redisConnectionString">Another Redis than the assembly's.</param>
    public GatewayHost(
        Uri upstream,
        IReadOnlyDictionary<string, string?>? overrides = null,
        TimeProvider? timeProvider = null,
        CapturedLogs? logs = null,
        bool kestrel = false,
        string? redisConnectionString = null)
    {
        var values = TestConfiguration.Values(redisConnectionString ?? RedisSetUp.Redis.ConnectionString)
            .Where(p => !p.Key.StartsWith("Tiers:", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
        values["ReverseProxy:Clusters:weather:Destinations:primary:Address"] = upstream.ToString();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        if (kestrel)
        {
            values["Urls"] = KestrelAddress.AnyLoopbackPort;
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(TestHostEnvironment.Testing);
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
            web.ConfigureLogging(logging =>
            {
                // Console logging of thousands of requests only slows the tests down.
                logging.ClearProviders();
                if (logs is not null)
                {
                    logging.AddProvider(logs);
                }
            });
            if (timeProvider is not null)
            {
                web.ConfigureTestServices(services =>
                {
                    services.RemoveAll<TimeProvider>();
                    services.AddSingleton(timeProvider);
                });
            }
        });
        if (kestrel)
        {
            factory.UseKestrel();
            factory.StartServer();
            _address = KestrelAddress.Of(factory.Services);
        }
        _factory = factory;
    }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The socket address; only for a Kestrel-hosted gateway.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("This gateway runs in the in-memory test server.");

    /// <summary>A client of this gateway: in memory, or over loopback TCP for a Kestrel-hosted one.</summary>
    public HttpClient CreateClient()
    {
        if (_address is null)
        {
            var client = _factory.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(30);
            return client;
        }
        return new HttpClient { BaseAddress = _address, Timeout = TimeSpan.FromSeconds(30) };
    }

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
