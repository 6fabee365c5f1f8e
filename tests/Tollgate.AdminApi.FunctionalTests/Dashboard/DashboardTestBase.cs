using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Dashboard;

/// <summary>
/// One admin API per test class, an admin client for set-up, and browsers made on demand. Sign-in throttling is
/// set out of reach here (every test-host request comes from the same unknown address); its own tests set it.
/// </summary>
public abstract class DashboardTestBase
{
    protected AdminApiHost Host { get; private set; } = null!;

    /// <summary>An admin client, for set-up and for checking what the dashboard did.</summary>
    protected HttpClient Admin { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        Host = new AdminApiHost(new Dictionary<string, string?>
        {
            ["Dashboard:SignInFailureLimit"] = "100000",
            // Tier changes here are about the dashboard; without a payment provider they have their own tests (DashboardRightsTests).
            ["Billing:Provider"] = "Simulated",
        });
        Admin = Host.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>A new browser: its own cookie jar, no admin token.</summary>
    protected DashboardClient NewBrowser() => new(Host.CreateClient(token: null));

    /// <summary>A fresh account of <paramref name="tier"/> with one key named "laptop".</summary>
    protected async Task<TestAccount> NewAccountAsync(string tier = "free")
    {
        var accountId = await Admin.CreateAccountIdAsync(tier);
        var key = await Admin.CreateKeyAsync(accountId, new { name = "laptop" });
        return new TestAccount(accountId, key.Str("api_key"), key.Str("key_id"));
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
