using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Dashboard.BrowserTests.Infrastructure;

/// <summary>The sample weather upstream on a real Kestrel socket.</summary>
public sealed class UpstreamHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Tollgate.SampleWeather.Program> _factory = new();

    public UpstreamHost()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        Address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Where it listens, e.g. http://127.0.0.1:40123.</summary>
    public Uri Address { get; }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
