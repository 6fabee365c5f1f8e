using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Billing;
using Tollgate.Testing.Stripe;

namespace Tollgate.Gateway.FunctionalTests.Webhooks;

/// <summary>What Stripe's events do to an account reaches its webhooks: <c>tier.changed</c> (via billing) and <c>payment.failed</c> with the grace period's end.</summary>
public sealed class WebhookBillingEventTests
{
    [Test]
    public async Task CheckoutCompletedThenPaymentFailed_TierChangedAndPaymentFailedArrive_Signed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var stripe = new StripeStandIn();
        await using var upstream = new UpstreamHost();
        var settings = StripeSettings.For(stripe, WebhookSettings.Fast());
        await using var gateway = new GatewayHost(upstream.Address, settings);
        await using var admin = new AdminApiHost(settings);
        using var adminClient = admin.CreateClient();
        using var client = gateway.CreateClient();
        var consumer = await gateway.CreateConsumerAsync("free");
        var accountId = consumer.Account.Id;
        var (_, secret) = await WebhookSettings.RegisterAsync(adminClient, accountId, receiver.UrlFor("billing"), "tier.changed", "payment.failed");
        var metadata = new Dictionary<string, string> { ["account_id"] = accountId, ["tier"] = "pro" };
        var subscription = stripe.AddSubscription("cus_webhooks", StripeSettings.ProPrice, DateTimeOffset.UtcNow, metadata);

        await DeliverAsync(client, "checkout.session.completed", StripeEvents.CompletedSession(accountId, "pro", "cus_webhooks", subscription.Id));
        await DeliverAsync(client, "invoice.payment_failed", StripeEvents.FailedInvoice(accountId, "cus_webhooks", subscription.Id));

        var deliveries = await receiver.WaitForAsync("billing", count: 2);
        var tier = deliveries.Single(d => d.Type == "tier.changed").Json.GetProperty("data");
        var payment = deliveries.Single(d => d.Type == "payment.failed").Json.GetProperty("data");
        Assert.Multiple(() =>
        {
            Assert.That(deliveries.All(d => d.IsSignedWith(secret)), Is.True);
            Assert.That(tier.GetProperty("to").GetString(), Is.EqualTo("pro"));
            Assert.That(tier.GetProperty("via").GetString(), Is.EqualTo("billing"));
            Assert.That(payment.GetProperty("grace_ends_at").GetDateTimeOffset(),
                Is.EqualTo(DateTimeOffset.UtcNow.AddDays(7)).Within(TimeSpan.FromMinutes(1)));
        });
    }

    private static async Task DeliverAsync(HttpClient client, string type, System.Text.Json.Nodes.JsonObject data)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = StripeEvents.Event(StripeEvents.NewId(), type, now, data);
        using var response = await WebhookDelivery.PostAsync(client, payload, StripeEvents.Sign(payload, now));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString(), Is.EqualTo("applied"), type);
    }
}
