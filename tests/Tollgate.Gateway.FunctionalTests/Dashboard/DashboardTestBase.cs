using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>
/// One gateway (which serves the dashboard) per test class, no admin API, set-up through core's services, and
/// browsers made on demand. Sign-in throttling is set out of reach here (every test-host request comes from the
/// same unknown address); its own tests set it.
/// </summary>
public abstract class DashboardTestBase
{
    /// <summary>The weather cluster's address: nothing listens there, and the dashboard never calls it.</summary>
    public static readonly Uri NoUpstream = new("http://127.0.0.1:9/");

    protected GatewayHost Host { get; private set; } = null!;

    /// <summary>Accounts and keys made, and changes checked, through core's services.</summary>
    protected AccountSetUp Operator { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        Host = NewHost(new Dictionary<string, string?>
        {
            ["Dashboard:SignInFailureLimit"] = "100000",
            // Tier changes here are about the dashboard; without a payment provider they have their own tests (DashboardRightsTests).
            ["Billing:Provider"] = "Simulated",
        });
        Operator = new AccountSetUp(Host.Services);
    }

    [OneTimeTearDown]
    public ValueTask StopHostAsync() => Host.DisposeAsync();

    /// <summary>A gateway serving the dashboard, with <paramref name="settings"/> over the test defaults.</summary>
    public static GatewayHost NewHost(
        IReadOnlyDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null) =>
        new(NoUpstream, settings, configureServices: configureServices);

    /// <summary>A new browser: its own cookie jar.</summary>
    protected DashboardClient NewBrowser() => new(Host.CreateClient());

    /// <summary>A fresh account of <paramref name="tier"/> with one key named "laptop".</summary>
    protected async Task<TestAccount> NewAccountAsync(string tier = "free")
    {
        var accountId = await Operator.CreateAccountIdAsync(tier);
        var key = await Operator.CreateKeyAsync(accountId, new Core.Keys.NewApiKey("laptop"));
        return new TestAccount(accountId, key.RawKey, key.Record.KeyId);
    }

    /// <summary>A fresh account and a browser signed in to it with its key.</summary>
    protected async Task<(DashboardClient Browser, TestAccount Account)> SignedInAsync(string tier = "free")
    {
        var account = await NewAccountAsync(tier);
        var browser = NewBrowser();
        await browser.SignInOkAsync(account.RawKey);
        return (browser, account);
    }
}
