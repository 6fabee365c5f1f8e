using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tollgate.Gateway.FunctionalTests.Webhooks;

/// <summary>One POST the <see cref="WebhookReceiver"/> got: the Standard Webhooks headers, the raw body and the status it answered.</summary>
public sealed record ReceivedWebhook(
    string Path, string Id, string Timestamp, string Signature, string ContentType, string Body, DateTimeOffset ReceivedAt, int Answered)
{
    /// <summary>The body as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The event type in the body.</summary>
    public string Type => Json.GetProperty("type").GetString()!;

    /// <summary>
    /// Verifies the delivery as the Standard Webhooks spec tells a receiver to: the timestamp within 5 minutes of now, and
    /// one of the space-separated <c>v1,&lt;signature&gt;</c> entries equal (in constant time) to the base64 HMAC-SHA256 of
    /// <c>{id}.{timestamp}.{body}</c> keyed with the base64-decoded part of <paramref name="secret"/> after <c>whsec_</c>.
    /// Written from the spec, not from Tollgate's signer.
    /// </summary>
    public bool IsSignedWith(string secret)
    {
        if (!long.TryParse(Timestamp, out var seconds)
            || (ReceivedAt - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > TimeSpan.FromMinutes(5))
        {
            return false;
        }
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}"))));
        foreach (var entry in Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && entry[..comma] == "v1"
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry[(comma + 1)..]), expected))
            {
                return true;
            }
        }
        return false;
    }
}
