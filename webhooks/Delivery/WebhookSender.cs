using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.Webhooks.Signing;
using Tollgate.Webhooks.Targets;

namespace Tollgate.Webhooks.Delivery;

/// <summary>
/// One attempt of one delivery: the JSON <c>{"type","timestamp","data"}</c> POSTed with the Standard Webhooks headers
/// (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>), on the webhooks' own HTTP client (short
/// timeout, no redirects, no proxy, connections only to checked addresses: <see cref="WebhookTargets.ConnectAsync"/>).
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider timeProvider)
{
    /// <summary>The named HTTP client deliveries go out on, apart from the proxy's.</summary>
    public const string ClientName = "Tollgate.Webhooks";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<DeliveryAttempt> SendAsync(ClaimedDelivery claimed, CancellationToken cancellationToken)
    {
        var at = timeProvider.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var body = Body(claimed.Delivery);
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, claimed.Endpoint.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, Json),
        };
        request.Headers.Add("webhook-id", claimed.Delivery.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(claimed.Delivery.Id, timestamp, body, claimed.Endpoint.SigningSecrets(at)));
        try
        {
            using var response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var ok = response.IsSuccessStatusCode;
            return new DeliveryAttempt(at, ok, code, ok ? "" : $"The receiver answered {code}.", Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            return new DeliveryAttempt(at, false, 0, refused.Message, Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException e)
        {
            return new DeliveryAttempt(at, false, 0, $"No answer: {e.Message}", Stopwatch.GetElapsedTime(started));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryAttempt(at, false, 0, "No answer within the timeout.", Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The body every attempt of <paramref name="delivery"/> sends: the same bytes each time.</summary>
    public static string Body(DeliveryRecord delivery)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", delivery.Type);
            writer.WriteString("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(delivery.At).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            writer.WritePropertyName("data");
            writer.WriteRawValue(delivery.Data);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static WebhookTargetRefusedException? Refusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookTargetRefusedException refused)
            {
                return refused;
            }
        }
        return null;
    }
}
