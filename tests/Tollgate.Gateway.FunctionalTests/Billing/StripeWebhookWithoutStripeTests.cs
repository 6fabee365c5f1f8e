using System.Net;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Testing.Stripe;

namespace Tollgate.Gateway.FunctionalTests.Billing;

/// <summary>Without <c>Billing:Provider=Stripe</c> the gateway takes no Stripe events at all, signed or not.</summary>
public sealed class StripeWebhookWithoutStripeTests : GatewayTestBase
{
    [Test]
    public async Task Webhook_IsNotThere()
    {
        var payload = StripeEvents.Event(StripeEvents.NewId(), "customer.created", DateTimeOffset.UtcNow, new() { ["id"] = "cus_1", ["object"] = "customer" });

        using var response = await WebhookDelivery.PostAsync(Client, payload, StripeEvents.Sign(payload, DateTimeOffset.UtcNow));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
