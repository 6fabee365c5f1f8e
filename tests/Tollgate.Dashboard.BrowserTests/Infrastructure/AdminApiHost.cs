extern alias adminapi;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Testing;

namespace Tollgate.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// The real admin API (the operators' service; the dashboard is not in it) on a loopback socket, on the given Redis,
/// with the repository's tier catalogue and <see cref="Token"/> as its admin token.
/// </summary>
public sealed class AdminApiHost : IAsyncDisposable
{
    /// <summary>The admin token the tests set accounts up with.</summary>
    public const string Token = "browser-tests-admin-token-3c9e1f7a5b2d4e6f8a0c";

    private readonly WebApplicationFactory<adminapi::Program> _factory;

    public AdminApiHost(string redisConnectionString)
    {
        var values = TestConfiguration.Values(redisConnectionString)
            .Where(p => !p.Key.StartsWith("Tiers:", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
        values["Urls"] = KestrelAddress.AnyLoopbackPort;
        // /metrics on a free port of its own, not the default one another service may hold.
        values["Management:Urls"] = ArrivalPort.FreeLoopbackUrl();
        values["Admin:Tokens:0"] = Token;

        _factory = new WebApplicationFactory<adminapi::Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(TestHostEnvironment.Testing);
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
            web.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        });
        _factory.UseKestrel();
        _factory.StartServer();
        Address = KestrelAddress.Of(_factory.Services);
    }

    /// <summary>Where it listens.</summary>
    public Uri Address { get; }

    /// <summary>Everything it logged.</summary>
    public CapturedLogs Logs { get; } = new();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
