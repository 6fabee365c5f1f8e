using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tollgate.Testing;

namespace Tollgate.AdminApi.FunctionalTests.Infrastructure;

/// <summary>
/// The real admin API in the ASP.NET test host on the assembly's Redis, with <see cref="Token"/> as its only
/// admin token (unless told otherwise), and every log line it writes kept in <see cref="Logs"/>.
/// </summary>
public sealed class AdminApiHost : IAsyncDisposable
{
    /// <summary>The admin token tests authenticate with.</summary>
    public const string Token = "admin-test-token-7f3a9c0e1b2d4f6a8c0e2b4d6f8a0c1e";

    private readonly WebApplicationFactory<Program> _factory;

    /// <param name="overrides">Configuration laid over the test defaults.</param>
    /// <param name="timeProvider">The clock of the service, e.g. a <c>FakeTimeProvider</c>; default the system clock.</param>
    /// <param name="environment">Host environment; default "Testing" (production rules).</param>
    /// <param name="withToken">False to configure no admin token at all.</param>
    /// <param name="configureServices">Last word on the registrations, e.g. a test billing provider.</param>
    public AdminApiHost(
        IReadOnlyDictionary<string, string?>? overrides = null,
        TimeProvider? timeProvider = null,
        string environment = TestHostEnvironment.Testing,
        bool withToken = true,
        Action<IServiceCollection>? configureServices = null)
    {
        var values = TestConfiguration.Values(RedisSetUp.Redis.ConnectionString);
        if (withToken)
        {
            values["Admin:Tokens:0"] = Token;
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
            web.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
            web.ConfigureTestServices(services =>
            {
                // The test server has no sockets: the port in a request's URL picks the listener (ManagementUrl for /metrics).
                services.AddSingleton(ArrivalPort.StartupFilter);
                if (timeProvider is not null)
                {
                    services.RemoveAll<TimeProvider>();
                    services.AddSingleton(timeProvider);
                }
                configureServices?.Invoke(services);
            });
        });
    }

    /// <summary>Everything the service logged.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The admin API's management listener in the test server (its default port, see <see cref="ArrivalPort"/>), e.g. for <c>/metrics</c>.</summary>
    public static readonly Uri ManagementUrl = new("http://localhost:8101/");

    public IServiceProvider Services => _factory.Services;

    /// <summary>A client sending <c>Authorization: Bearer <paramref name="token"/></c>; none when null.</summary>
    public HttpClient CreateClient(string? token = Token)
    {
        var client = _factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>A client without an admin token, built with <paramref name="options"/> (e.g. an https base address, no cookie jar).</summary>
    public HttpClient CreateClient(WebApplicationFactoryClientOptions options) => _factory.CreateClient(options);

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
