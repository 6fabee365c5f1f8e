using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Testing;
using Tollgate.Testing.Stripe;

namespace Tollgate.Gateway.FunctionalTests.Billing;

/// <summary>
/// <c>Billing:Provider=Stripe</c> end to end: two gateways on one Redis (key caches far longer than the 1 s promise), the real
/// Stripe.net client talking to a local stand-in, and webhook events in Stripe's shapes signed as Stripe signs them.
/// </summary>
public sealed class StripeCheckoutAndWebhookTests
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);
    private const string HourlyForecast = "/api/v3/weather/forecast/hourly?city=Bern";

    private StripeStandIn _stripe = null!;
    private UpstreamHost _upstream = null!;
    private GatewayHost _first = null!;
    private GatewayHost _second = null!;
    private HttpClient[] _clients = [];

    [OneTimeSetUp]
    public void Start()
    {
        _stripe = new StripeStandIn();
        _upstream = new UpstreamHost();
        var settings = StripeSettings.For(_stripe, new Dictionary<string, string?> { ["Gateway:KeyCache:LifetimeSeconds"] = "60" });
        _first = new GatewayHost(_upstream.Address, settings);
        _second = new GatewayHost(_upstream.Address, settings);
        _clients = [_first.CreateClient(), _second.CreateClient()];
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _upstream.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Test]
    public async Task Upgrade_ToAPricedTier_Answers202WithTheCheckoutUrl_AndChangesNothing()
    {
        var consumer = await _first.CreateConsumerAsync("free");

        using var response = await _clients[0].SendAsync(Upgrade(consumer, "pro"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var session = _stripe.Sessions.Single(s => s.GetValueOrDefault("client_reference_id") == consumer.Account.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(body.GetProperty("checkout_url").GetString(), Does.StartWith("https://checkout.stripe.com/c/pay/cs_test_"));
            Assert.That(session["mode"], Is.EqualTo("subscription"));
            Assert.That(session["line_items[0][price]"], Is.EqualTo(StripeSettings.ProPrice));
            Assert.That(session["line_items[0][quantity]"], Is.EqualTo("1"));
            Assert.That(session["metadata[account_id]"], Is.EqualTo(consumer.Account.Id));
            Assert.That(session["metadata[tier]"], Is.EqualTo("pro"));
            Assert.That(session["subscription_data[metadata][account_id]"], Is.EqualTo(consumer.Account.Id));
            Assert.That(session["subscription_data[metadata][tier]"], Is.EqualTo("pro"));
            Assert.That(session["success_url"], Does.EndWith("/dashboard?checkout=success"));
            Assert.That(session["cancel_url"], Does.EndWith("/dashboard?checkout=cancel"));
            Assert.That((await AccountAsync(consumer)).Tier, Is.EqualTo("free"), "the tier waits for Stripe's word");
        });
        using var hourly = await _clients[0].SendAsync(consumer.Get(HourlyForecast));
        Assert.That(hourly.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task SignedCheckoutCompleted_MovesTheAccountOnEveryGatewayWithinOneSecond_AndKeepsStripesIds()
    {
        var consumer = await _first.CreateConsumerAsync("free");
        await ExpectEverywhereAsync(consumer, HttpStatusCode.Forbidden, TimeSpan.Zero); // both caches warm with "free"
        var anchor = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var subscription = _stripe.AddSubscription("cus_checkout1", StripeSettings.ProPrice, anchor, Metadata(consumer, "pro"));
        var payload = StripeEvents.Event(StripeEvents.NewId(), "checkout.session.completed", DateTimeOffset.UtcNow,
            StripeEvents.CompletedSession(consumer.Account.Id, "pro", "cus_checkout1", subscription.Id));

        var delivered = Stopwatch.StartNew();
        using var response = await WebhookDelivery.PostAsync(_clients[0], payload, StripeEvents.Sign(payload, DateTimeOffset.UtcNow));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await ExpectEverywhereAsync(consumer, HttpStatusCode.OK, Promise - delivered.Elapsed);
        var account = await AccountAsync(consumer);
        Assert.Multiple(() =>
        {
            Assert.That(account.Tier, Is.EqualTo("pro"));
            Assert.That(account.Billing.StripeCustomerId, Is.EqualTo("cus_checkout1"));
            Assert.That(account.Billing.StripeSubscriptionId, Is.EqualTo(subscription.Id));
            Assert.That(account.Billing.CycleAnchor, Is.EqualTo(anchor));
        });
    }

    [Test]
    public async Task ForgedStaleOrMissingSignatures_Are400ProblemAndChangeNothing()
    {
        var consumer = await _first.CreateConsumerAsync("free");
        var subscription = _stripe.AddSubscription("cus_forged", StripeSettings.ProPrice, DateTimeOffset.UtcNow, Metadata(consumer, "pro"));
        var payload = StripeEvents.Event(StripeEvents.NewId(), "checkout.session.completed", DateTimeOffset.UtcNow,
            StripeEvents.CompletedSession(consumer.Account.Id, "pro", "cus_forged", subscription.Id));
        var now = DateTimeOffset.UtcNow;
        var tampered = payload.Replace("\"pro\"", "\"enterprise\"", StringComparison.Ordinal);

        (string Case, string Body, string? Signature)[] refused =
        [
            ("forged secret", payload, StripeEvents.Sign(payload, now, "whsec_somebody_else")),
            ("stale: signed six minutes ago", payload, StripeEvents.Sign(payload, now.AddMinutes(-6))),
            ("body changed after signing", tampered, StripeEvents.Sign(payload, now)),
            ("no signature", payload, null),
            ("garbage signature", payload, "t=abc,v1=zz"),
        ];
        foreach (var (name, body, signature) in refused)
        {
            using var response = await WebhookDelivery.PostAsync(_clients[0], body, signature);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), name);
            var problem = await Problem.ReadAsync(response);
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:webhook-signature-invalid"), name);
        }
        Assert.That((await AccountAsync(consumer)).Tier, Is.EqualTo("free"));

        // Nothing was recorded for the event either: the genuine delivery still applies.
        using var genuine = await WebhookDelivery.PostAsync(_clients[0], payload, StripeEvents.Sign(payload, DateTimeOffset.UtcNow));
        Assert.That(genuine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await AccountAsync(consumer)).Tier, Is.EqualTo("pro"));
    }

    [Test]
    public async Task ReplayedEvent_ChangesNothing()
    {
        var consumer = await _first.CreateConsumerAsync("free");
        var subscription = _stripe.AddSubscription("cus_replay", StripeSettings.ProPrice, DateTimeOffset.UtcNow, Metadata(consumer, "pro"));
        var created = DateTimeOffset.UtcNow.AddSeconds(-30);
        var checkout = StripeEvents.Event(StripeEvents.NewId(), "checkout.session.completed", created,
            StripeEvents.CompletedSession(consumer.Account.Id, "pro", "cus_replay", subscription.Id));
        await DeliverAsync(checkout, "applied");
        // The account goes back to free by a later event (it would be moved to pro again if the replay were applied).
        var deleted = StripeEvents.Event(StripeEvents.NewId(), "customer.subscription.deleted", created.AddSeconds(10),
            (subscription with { Status = "canceled" }).ToJson());
        await DeliverAsync(deleted, "applied");

        // A replay: the same event, freshly signed (as an attacker holding an old delivery, or Stripe retrying, would send it).
        await DeliverAsync(checkout, "already_applied");

        Assert.That((await AccountAsync(consumer)).Tier, Is.EqualTo("free"));
    }

    [Test]
    public async Task SubscriptionUpdatedBeforeCheckoutCompleted_EndsOnTheNewestState()
    {
        var consumer = await _first.CreateConsumerAsync("free");
        var anchor = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
        var subscription = _stripe.AddSubscription("cus_order", StripeSettings.ProPrice, anchor, Metadata(consumer, "pro"));
        var checkedOut = DateTimeOffset.UtcNow.AddSeconds(-20);
        // Stripe sends the later change (the customer moved to Business in the portal) before the checkout's own event.
        var updated = StripeEvents.Event(StripeEvents.NewId(), "customer.subscription.updated", checkedOut.AddSeconds(10),
            subscription.WithPrice(StripeSettings.BusinessPrice).ToJson());
        var completed = StripeEvents.Event(StripeEvents.NewId(), "checkout.session.completed", checkedOut,
            StripeEvents.CompletedSession(consumer.Account.Id, "pro", "cus_order", subscription.Id));

        await DeliverAsync(updated, "applied");
        Assert.That((await AccountAsync(consumer)).Tier, Is.EqualTo("business"));
        await DeliverAsync(completed, "applied");

        var account = await AccountAsync(consumer);
        Assert.Multiple(() =>
        {
            Assert.That(account.Tier, Is.EqualTo("business"), "the older checkout event does not move the tier back");
            Assert.That(account.Billing.StripeSubscriptionId, Is.EqualTo(subscription.Id));
            Assert.That(account.Billing.StripeCustomerId, Is.EqualTo("cus_order"));
            Assert.That(account.Billing.CycleAnchor, Is.EqualTo(anchor));
        });
    }

    [Test]
    public async Task UnknownEvent_Is2xxAndIgnored()
    {
        var consumer = await _first.CreateConsumerAsync("free");
        var payload = StripeEvents.Event(StripeEvents.NewId(), "customer.created", DateTimeOffset.UtcNow,
            new() { ["id"] = "cus_unknown", ["object"] = "customer", ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["account_id"] = consumer.Account.Id } });

        await DeliverAsync(payload, "ignored");

        Assert.That((await AccountAsync(consumer)).Tier, Is.EqualTo("free"));
    }

    [Test]
    public async Task CancelledSubscription_ReturnsTheAccountToFree()
    {
        var consumer = await _first.CreateConsumerAsync("free");
        var subscription = _stripe.AddSubscription("cus_cancel", StripeSettings.ProPrice, DateTimeOffset.UtcNow, Metadata(consumer, "pro"));
        await DeliverAsync(StripeEvents.Event(StripeEvents.NewId(), "checkout.session.completed", DateTimeOffset.UtcNow.AddSeconds(-5),
            StripeEvents.CompletedSession(consumer.Account.Id, "pro", "cus_cancel", subscription.Id)), "applied");
        await ExpectEverywhereAsync(consumer, HttpStatusCode.OK, Promise);

        await DeliverAsync(StripeEvents.Event(StripeEvents.NewId(), "customer.subscription.deleted", DateTimeOffset.UtcNow,
            (subscription with { Status = "canceled" }).ToJson()), "applied");

        await ExpectEverywhereAsync(consumer, HttpStatusCode.Forbidden, Promise);
        var account = await AccountAsync(consumer);
        Assert.That(account.Tier, Is.EqualTo("free"));
        Assert.That(account.Billing.StripeSubscriptionId, Is.Null);
    }

    [Test]
    public async Task ConsumerDowngrade_WithASubscription_ChangesTheStripePriceThenTheTier()
    {
        var consumer = await _first.CreateConsumerAsync("free");
        var subscription = _stripe.AddSubscription("cus_down", StripeSettings.BusinessPrice, DateTimeOffset.UtcNow, Metadata(consumer, "business"));
        await DeliverAsync(StripeEvents.Event(StripeEvents.NewId(), "checkout.session.completed", DateTimeOffset.UtcNow,
            StripeEvents.CompletedSession(consumer.Account.Id, "business", "cus_down", subscription.Id)), "applied");

        using var response = await _clients[0].SendAsync(Upgrade(consumer, "pro"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var (id, form) = _stripe.Updates.Single(u => u.Subscription == subscription.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(form["items[0][id]"], Is.EqualTo(subscription.ItemId));
            Assert.That(form["items[0][price]"], Is.EqualTo(StripeSettings.ProPrice));
            Assert.That(form["proration_behavior"], Is.EqualTo("create_prorations"));
            Assert.That(_stripe.Subscription(id).PriceId, Is.EqualTo(StripeSettings.ProPrice));
            Assert.That((await AccountAsync(consumer)).Tier, Is.EqualTo("pro"));
        });
    }

    private static HttpRequestMessage Upgrade(TestConsumer consumer, string tier)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v3/subscription/upgrade?tier={tier}");
        request.Headers.Add("X-API-Key", consumer.RawKey);
        return request;
    }

    private static Dictionary<string, string> Metadata(TestConsumer consumer, string tier) =>
        new() { ["account_id"] = consumer.Account.Id, ["tier"] = tier };

    private async Task DeliverAsync(string payload, string expected)
    {
        using var response = await WebhookDelivery.PostAsync(_clients[0], payload, StripeEvents.Sign(payload, DateTimeOffset.UtcNow));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("result").GetString(), Is.EqualTo(expected));
    }

    private async Task<AccountRecord> AccountAsync(TestConsumer consumer) =>
        (await _first.Services.GetRequiredService<IAccountStore>().GetAsync(consumer.Account.Id, CancellationToken.None))!;

    /// <summary>Polls both gateways until each answers <paramref name="expected"/> for the hourly forecast (a Pro feature).</summary>
    private async Task ExpectEverywhereAsync(TestConsumer consumer, HttpStatusCode expected, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        foreach (var client in _clients)
        {
            while (true)
            {
                using var response = await client.SendAsync(consumer.Get(HourlyForecast));
                if (response.StatusCode == expected)
                {
                    break;
                }
                Assert.That(watch.Elapsed, Is.LessThan(within), $"still {response.StatusCode} after {watch.Elapsed.TotalMilliseconds:0} ms");
                await Task.Delay(20);
            }
        }
    }
}
