using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tollgate.Gateway.FunctionalTests.Webhooks;

/// <summary>Webhook settings and steps the webhook tests share.</summary>
internal static class WebhookSettings
{
    /// <summary>
    /// Delivery on (test hosts have it off); the receiver is on loopback over http, so private networks are allowed; polls,
    /// retries and the key-expiry scan are quick so a test sees them within seconds.
    /// </summary>
    public static Dictionary<string, string?> Fast(bool allowPrivateNetworks = true) => new()
    {
        ["Webhooks:DeliveryEnabled"] = "true",
        ["Webhooks:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
        ["Webhooks:PollIntervalSeconds"] = "0.1",
        ["Webhooks:FirstRetrySeconds"] = "0.3",
        ["Webhooks:TimeoutSeconds"] = "2",
        ["Webhooks:KeyExpiringScanMinutes"] = "0.01",
    };

    /// <summary>Registers <paramref name="url"/> for <paramref name="events"/> through the admin API; its id and secret.</summary>
    public static async Task<(string Id, string Secret)> RegisterAsync(HttpClient admin, string accountId, string url, params string[] events)
    {
        using var response = await admin.PostAsJsonAsync($"/admin/accounts/{accountId}/webhooks", new { url, events });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("id").GetString()!, json.GetProperty("secret").GetString()!);
    }

    /// <summary>The endpoint's delivery log through the admin API.</summary>
    public static async Task<JsonElement[]> DeliveriesAsync(HttpClient admin, string accountId, string webhookId) =>
        [.. (await admin.GetJsonAsync($"/admin/accounts/{accountId}/webhooks/{webhookId}/deliveries")).GetProperty("deliveries").EnumerateArray()];
}
