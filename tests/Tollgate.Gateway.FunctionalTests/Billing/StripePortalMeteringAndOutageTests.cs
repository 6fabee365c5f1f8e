using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.Core.Billing.Metering;
using Tollgate.Core.Redis;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.FunctionalTests.Dashboard;
using Tollgate.Testing.Stripe;

namespace Tollgate.Gateway.FunctionalTests.Billing;

/// <summary>
/// With <c>Billing:Provider=Stripe</c> pointed at the stand-in: "Manage billing" opens Stripe's customer portal, the gateway's
/// metering worker reports overage units as meter events, the dashboard shows the overage so far and its price, and a Stripe
/// outage is a 503 to retry, never a 402.
/// </summary>
public sealed class StripePortalMeteringAndOutageTests
{
    private const decimal OveragePrice = 2.50m;

    private StripeStandIn _stripe = null!;
    private GatewayHost _host = null!;
    private AccountSetUp _operator = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _stripe = new StripeStandIn();
        _host = DashboardTestBase.NewHost(
            StripeSettings.For(_stripe, new Dictionary<string, string?>
            {
                ["Dashboard:SignInFailureLimit"] = "100000",
                ["Billing:MeteringIntervalSeconds"] = "1",
                ["Billing:Stripe:MeterEventName"] = "weather_overage",
                ["Tiers:pro:Overage"] = "Bill",
                ["Tiers:pro:UnitPrice"] = "2.50",
                ["Billing:Stripe:OveragePrices:pro"] = "price_pro_overage",
            }));
        _operator = new AccountSetUp(_host.Services);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [TearDown]
    public void EndOutage() => _stripe.Unavailable = false;

    [Test]
    public async Task ManageBilling_ForAPayingAccount_OpensStripesCustomerPortalForItsCustomer()
    {
        var (accountId, browser) = await PayingAccountAsync("cus_portal");
        using (browser)
        {
            var tiers = await browser.GetJsonAsync("/dashboard/api/tiers");
            using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/billing/portal");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var session = _stripe.PortalSessions.Single(s => s["customer"] == "cus_portal");
            Assert.Multiple(() =>
            {
                Assert.That(tiers.GetProperty("manage_billing").GetBoolean(), Is.True, "the button is shown");
                Assert.That(body.GetProperty("portal_url").GetString(), Does.StartWith("https://billing.stripe.com/p/session/"));
                Assert.That(session["return_url"], Does.EndWith("/dashboard"));
            });
        }
    }

    [Test]
    public async Task ManageBilling_ForAnAccountThatNeverPaid_Is409NoBillingAccount()
    {
        var accountId = await _operator.CreateAccountIdAsync("free");
        var key = await _operator.CreateKeyAsync(accountId, new Core.Keys.NewApiKey("laptop"));
        using var browser = new DashboardClient(_host.CreateClient());
        await browser.SignInOkAsync(key.RawKey);

        var tiers = await browser.GetJsonAsync("/dashboard/api/tiers");
        using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/billing/portal");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:tollgate:problem:no-billing-account"));
            Assert.That(tiers.GetProperty("manage_billing").GetBoolean(), Is.False, "no button");
        });
    }

    [Test]
    public async Task StripeOutage_AtCheckout_Is503WithRetryAfter_NotA402_AndChangesNothing()
    {
        var consumer = await _host.CreateConsumerAsync("free");
        _stripe.Unavailable = true;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v3/subscription/upgrade?tier=pro");
        request.Headers.Add("X-API-Key", consumer.RawKey);
        using var response = await _host.CreateClient().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await response.Content.ReadAsStringAsync());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:tollgate:problem:billing-unavailable"));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(await _operator.TierOfAsync(consumer.Account.Id), Is.EqualTo("free"));
        });
    }

    [Test]
    public async Task StripeOutage_AtTheBillingPortal_Is503WithRetryAfter()
    {
        var (_, browser) = await PayingAccountAsync("cus_portal_outage");
        using (browser)
        {
            _stripe.Unavailable = true;

            using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/billing/portal");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }
    }

    [Test]
    public async Task OverageUnits_ReachStripeFromTheGatewaysWorker_AndTheDashboardShowsThemWithTheirPrice()
    {
        var (accountId, browser) = await PayingAccountAsync("cus_metered");
        using (browser)
        {
            // What the limiter script does in the call that admits requests past the monthly allowance.
            await Db.HashIncrementAsync(RedisKeys.AccountOverage(accountId), "pending", 2_400);

            var watch = Stopwatch.StartNew();
            while (!_stripe.MeterEvents.Any(e => e.CustomerId == "cus_metered"))
            {
                Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "no meter event reached Stripe");
                await Task.Delay(50);
            }
            var usage = await browser.GetJsonAsync("/dashboard/api/usage");

            var sent = _stripe.MeterEvents.Single(e => e.CustomerId == "cus_metered");
            var overage = usage.GetProperty("overage");
            Assert.Multiple(() =>
            {
                Assert.That(sent.EventName, Is.EqualTo("weather_overage"));
                Assert.That(sent.Value, Is.EqualTo(2_400));
                Assert.That(overage.GetProperty("units").GetInt64(), Is.EqualTo(2_400));
                Assert.That(overage.GetProperty("unit_price_per_1000").GetDecimal(), Is.EqualTo(OveragePrice));
                Assert.That(overage.GetProperty("amount").GetDecimal(), Is.EqualTo(6.00m));
            });
        }
    }

    private IDatabase Db => _host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    /// <summary>An account whose Stripe checkout completed (signed webhook), signed in to the dashboard.</summary>
    private async Task<(string AccountId, DashboardClient Browser)> PayingAccountAsync(string customer)
    {
        var accountId = await _operator.CreateAccountIdAsync("free");
        var subscription = _stripe.AddSubscription(customer, StripeSettings.ProPrice, DateTimeOffset.UtcNow,
            new Dictionary<string, string> { ["account_id"] = accountId, ["tier"] = "pro" });
        var payload = StripeEvents.Event(StripeEvents.NewId(), "checkout.session.completed", DateTimeOffset.UtcNow,
            StripeEvents.CompletedSession(accountId, "pro", customer, subscription.Id));
        using (var delivered = await WebhookDelivery.PostAsync(_host.CreateClient(), payload, StripeEvents.Sign(payload, DateTimeOffset.UtcNow)))
        {
            Assert.That(delivered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var key = await _operator.CreateKeyAsync(accountId, new Core.Keys.NewApiKey("laptop"));
        var browser = new DashboardClient(_host.CreateClient());
        await browser.SignInOkAsync(key.RawKey);
        return (accountId, browser);
    }
}
