using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Tollgate.Testing;

/// <summary>
/// A real Tollgate service (its <c>Program</c>, <typeparamref name="TEntryPoint"/>) run by <c>WebApplicationFactory</c>:
/// in the in-memory test server, or with <see cref="ServiceHostOptions.Kestrel"/> on a real loopback socket. Its
/// configuration files are read as in production with the test's values laid over them; every log line is kept in
/// <see cref="Logs"/>; its clock can be the test's. Each host owns its own Redis multiplexer, caches and limiter, so
/// several hosts stand in for several instances. In memory the service starts on first use of <see cref="Services"/>
/// or a client (a start-up failure surfaces there); on Kestrel at construction. Disposing stops it.
/// </summary>
/// <typeparam name="TEntryPoint">The service's entry point (the gateway's or the admin API's <c>Program</c>).</typeparam>
public class ServiceHost<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    /// <summary>How long a client of a host waits for an answer: a hung service fails the test rather than the run.</summary>
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    private readonly WebApplicationFactory<TEntryPoint> _factory;
    private readonly Uri? _address;

    public ServiceHost(ServiceHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var values = new Dictionary<string, string?>(options.Configuration, StringComparer.OrdinalIgnoreCase);
        if (options.Kestrel)
        {
            values["Urls"] = KestrelAddress.AnyLoopbackPort;
            // /metrics on a free port of its own, not the default one another service may hold.
            values.TryAdd("Management:Urls", FreePort.LoopbackUrl());
        }
        Logs = options.Logs ?? new CapturedLogs();

        var factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(options.Environment);
            if (options.ContentRoot is not null)
            {
                web.UseContentRoot(options.ContentRoot);
            }
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
            // Only the captured lines: console logging of thousands of requests only slows the tests down.
            web.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
            web.ConfigureTestServices(services =>
            {
                if (!options.Kestrel)
                {
                    // The test server has no sockets: the port in a request's URL picks the listener (e.g. a ManagementUrl).
                    services.AddSingleton(ArrivalPort.StartupFilter);
                }
                if (options.TimeProvider is { } clock)
                {
                    services.RemoveAll<TimeProvider>();
                    services.AddSingleton(clock);
                }
                options.ConfigureServices?.Invoke(services);
            });
        });
        if (options.Kestrel)
        {
            factory.UseKestrel();
            factory.StartServer();
            _address = KestrelAddress.Of(factory.Services);
        }
        _factory = factory;
    }

    /// <summary>Every line the service logged that its configured filters let through (Debug and up by default).</summary>
    public CapturedLogs Logs { get; }

    /// <summary>The service's own container (starts an in-memory service).</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>The socket address, e.g. http://127.0.0.1:40123; only for a Kestrel-hosted service.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("This service runs in the in-memory test server.");

    /// <summary>A client of this service: in memory, or over loopback TCP for a Kestrel-hosted one.</summary>
    public HttpClient CreateClient()
    {
        if (_address is null)
        {
            var client = _factory.CreateClient();
            client.Timeout = ClientTimeout;
            return client;
        }
        return new HttpClient { BaseAddress = _address, Timeout = ClientTimeout };
    }

    /// <summary>An in-memory client built with <paramref name="options"/> (e.g. an https base address, no cookie jar).</summary>
    public HttpClient CreateClient(WebApplicationFactoryClientOptions options) => _factory.CreateClient(options);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
