using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Testing.Stripe;

/// <summary>
/// Webhook events in the shapes of Stripe's documentation (an <c>event</c> wrapping the object in <c>data.object</c>), and their
/// <c>Stripe-Signature</c> made exactly as Stripe makes it: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.payload")&gt;</c>.
/// </summary>
public static class StripeEvents
{
    /// <summary>The webhook signing secret tests configure.</summary>
    public const string WebhookSecret = "whsec_tollgate_stand_in_secret";

    /// <summary>The API version events are rendered in.</summary>
    public const string ApiVersion = "2025-10-29.clover";

    /// <summary>A fresh event id.</summary>
    public static string NewId() => $"evt_{Guid.NewGuid():N}"[..28];

    /// <summary>An event of <paramref name="type"/> around <paramref name="data"/>, created at <paramref name="created"/>.</summary>
    public static string Event(string id, string type, DateTimeOffset created, JsonObject data) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = ApiVersion,
        ["created"] = created.ToUnixTimeSeconds(),
        ["data"] = new JsonObject { ["object"] = data },
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = type,
    }.ToJsonString();

    /// <summary>A completed subscription-mode Checkout Session, as <c>checkout.session.completed</c> carries it.</summary>
    public static JsonObject CompletedSession(string accountId, string tier, string customerId, string subscriptionId) => new()
    {
        ["id"] = $"cs_test_{Guid.NewGuid():N}",
        ["object"] = "checkout.session",
        ["mode"] = "subscription",
        ["status"] = "complete",
        ["payment_status"] = "paid",
        ["client_reference_id"] = accountId,
        ["customer"] = customerId,
        ["subscription"] = subscriptionId,
        ["metadata"] = new JsonObject { ["account_id"] = accountId, ["tier"] = tier },
        ["livemode"] = false,
    };

    /// <summary>A failed invoice of a subscription, as <c>invoice.payment_failed</c> carries it (the subscription under <c>parent.subscription_details</c>).</summary>
    public static JsonObject FailedInvoice(string accountId, string customerId, string subscriptionId) => new()
    {
        ["id"] = $"in_{Guid.NewGuid():N}"[..27],
        ["object"] = "invoice",
        ["customer"] = customerId,
        ["status"] = "open",
        ["attempt_count"] = 1,
        ["attempted"] = true,
        ["billing_reason"] = "subscription_cycle",
        ["currency"] = "usd",
        ["amount_due"] = 2900,
        ["amount_paid"] = 0,
        ["livemode"] = false,
        ["parent"] = new JsonObject
        {
            ["type"] = "subscription_details",
            ["quote_details"] = null,
            ["subscription_details"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["account_id"] = accountId },
                ["subscription"] = subscriptionId,
            },
        },
    };

    /// <summary>The <c>Stripe-Signature</c> header for <paramref name="payload"/> signed at <paramref name="timestamp"/>.</summary>
    public static string Sign(string payload, DateTimeOffset timestamp, string secret = WebhookSecret)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
