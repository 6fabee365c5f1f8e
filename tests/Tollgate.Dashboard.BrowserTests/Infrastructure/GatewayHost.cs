using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Testing;

namespace Tollgate.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// The real gateway on a loopback socket with its configured routes (gateway/appsettings.json) and the weather
/// cluster pointed at the sample upstream; it serves the consumer side (the dashboard) itself.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public GatewayHost(string redisConnectionString, Uri upstream)
    {
        var values = TestConfiguration.Values(redisConnectionString)
            .Where(p => !p.Key.StartsWith("Tiers:", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
        values["Urls"] = KestrelAddress.AnyLoopbackPort;
        // /metrics on a free port of its own, not the default one another service may hold.
        values["Management:Urls"] = ArrivalPort.FreeLoopbackUrl();
        values["ReverseProxy:Clusters:weather:Destinations:primary:Address"] = upstream.ToString();
        // The journey upgrades as a demo does; without a payment provider the upgrade is refused (Gateway functional tests).
        values["Billing:Provider"] = "Simulated";
        // The tests' own HTTP client stands for a TLS-terminating proxy on the same host (ClientAddressTests).
        values["Gateway:TrustedProxies:0"] = "127.0.0.1";

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(TestHostEnvironment.Testing);
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
            web.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        });
        _factory.UseKestrel();
        _factory.StartServer();
        Address = KestrelAddress.Of(_factory.Services);
    }

    /// <summary>Where consumers and the browser reach it, e.g. http://127.0.0.1:40123.</summary>
    public Uri Address { get; }

    /// <summary>Everything it logged (its access log included).</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The gateway's services, for set-up through core while the admin API is stopped.</summary>
    public IServiceProvider Services => _factory.Services;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
