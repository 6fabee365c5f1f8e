using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Tollgate.Testing;

/// <summary>The sample weather upstream on a real Kestrel socket (YARP forwards over real HTTP).</summary>
public sealed class UpstreamHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Tollgate.SampleWeather.Program> _factory;

    public UpstreamHost()
    {
        _factory = new WebApplicationFactory<Tollgate.SampleWeather.Program>().WithWebHostBuilder(web =>
        {
            web.ConfigureAppConfiguration((_, config) =>
                config.AddInMemoryCollection(new Dictionary<string, string?> { ["Urls"] = KestrelAddress.AnyLoopbackPort }));
            web.ConfigureLogging(logging => logging.ClearProviders());
        });
        _factory.UseKestrel();
        _factory.StartServer();
        Address = KestrelAddress.Of(_factory.Services);
    }

    /// <summary>Where the upstream listens, e.g. http://127.0.0.1:40123.</summary>
    public Uri Address { get; }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
