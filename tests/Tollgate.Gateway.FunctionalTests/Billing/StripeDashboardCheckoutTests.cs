using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Dashboard;
using Tollgate.Testing.Stripe;

namespace Tollgate.Gateway.FunctionalTests.Billing;

/// <summary>
/// The dashboard's plan button under <c>Billing:Provider=Stripe</c>: the same 202 with Stripe's checkout page as the
/// subscription API (one shared answer), the tier unchanged until Stripe reports the payment.
/// </summary>
public sealed class StripeDashboardCheckoutTests
{
    private StripeStandIn _stripe = null!;
    private GatewayHost _host = null!;
    private AccountSetUp _operator = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _stripe = new StripeStandIn();
        _host = DashboardTestBase.NewHost(StripeSettings.For(_stripe, new Dictionary<string, string?>
        {
            ["Dashboard:SignInFailureLimit"] = "100000",
        }));
        _operator = new AccountSetUp(_host.Services);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Test]
    public async Task PlanButton_ToAPricedTier_Answers202WithTheCheckoutUrl_AndKeepsTheTier()
    {
        var accountId = await _operator.CreateAccountIdAsync("free");
        var key = await _operator.CreateKeyAsync(accountId, new Core.Keys.NewApiKey("laptop"));
        using var browser = new DashboardClient(_host.CreateClient());
        await browser.SignInOkAsync(key.RawKey);

        using var response = await browser.SendAsync(HttpMethod.Put, "/dashboard/api/tier", new { tier = "pro" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(body.GetProperty("checkout_url").GetString(), Does.StartWith("https://checkout.stripe.com/c/pay/cs_test_"));
            Assert.That(body.GetProperty("requested_tier").GetString(), Is.EqualTo("pro"));
            Assert.That(_stripe.Sessions.Count(s => s.GetValueOrDefault("client_reference_id") == accountId), Is.EqualTo(1));
            Assert.That(await _operator.TierOfAsync(accountId), Is.EqualTo("free"), "the tier waits for Stripe's word");
        });
    }
}
