using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Gateway.FunctionalTests.Infrastructure;

/// <summary>The sample weather upstream on a real Kestrel socket (YARP forwards over real HTTP).</summary>
public sealed class UpstreamHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Tollgate.SampleWeather.Program> _factory = new();

    public UpstreamHost()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.First());
    }

    /// <summary>Where the upstream listens, e.g. http://127.0.0.1:40123.</summary>
    public Uri Address { get; }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
