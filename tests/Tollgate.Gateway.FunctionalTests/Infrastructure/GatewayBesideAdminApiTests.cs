namespace Tollgate.Gateway.FunctionalTests.Infrastructure;

/// <summary>
/// A gateway on a real socket and the admin API as a host of its own on the same Redis, as deployed, with the sample
/// upstream behind the gateway: for tests where what an admin does or reads meets what the gateway does.
/// </summary>
public abstract class GatewayBesideAdminApiTests
{
    private UpstreamHost _upstream = null!;
    private AdminApiHost _adminApi = null!;

    protected GatewayHost Gateway { get; private set; } = null!;

    /// <summary>A client of the gateway.</summary>
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>A client of the admin API, signed in as an admin.</summary>
    protected HttpClient Admin { get; private set; } = null!;

    /// <summary>Settings of the gateway beyond the tests' defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? GatewaySettings => null;

    [OneTimeSetUp]
    public void StartHosts()
    {
        _upstream = new UpstreamHost();
        Gateway = new GatewayHost(_upstream.Address, GatewaySettings, kestrel: true);
        _adminApi = new AdminApiHost();
        Client = Gateway.CreateClient();
        Admin = _adminApi.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopHostsAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await _adminApi.DisposeAsync();
        await Gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }
}
