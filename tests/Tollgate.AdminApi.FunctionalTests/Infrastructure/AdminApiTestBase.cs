namespace Tollgate.AdminApi.FunctionalTests.Infrastructure;

/// <summary>One admin API per test class, with an authenticated client; tests isolate themselves by using fresh accounts.</summary>
public abstract class AdminApiTestBase
{
    protected AdminApiHost Host { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        Host = new AdminApiHost();
        Client = Host.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
