using System.Text;

namespace Tollgate.Gateway.FunctionalTests.Billing;

/// <summary>Delivers a webhook event to a gateway as Stripe does: a JSON POST with its <c>Stripe-Signature</c>.</summary>
internal static class WebhookDelivery
{
    public const string Path = "/billing/stripe/webhook";

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string payload, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }
        return client.SendAsync(request);
    }
}
