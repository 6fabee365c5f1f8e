using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Infrastructure;

/// <summary>One upstream and one gateway per test class; tests isolate themselves by using fresh accounts.</summary>
public abstract class GatewayTestBase
{
    /// <summary>Configuration the class's gateway runs with on top of the test defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    protected UpstreamHost Upstream { get; private set; } = null!;
    protected GatewayHost Gateway { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartHosts()
    {
        Upstream = new UpstreamHost();
        Gateway = new GatewayHost(Upstream.Address, Settings);
        Client = Gateway.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopHostsAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
