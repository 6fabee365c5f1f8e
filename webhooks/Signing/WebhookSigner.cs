using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Webhooks.Signing;

/// <summary>
/// The <c>webhook-signature</c> header of the Standard Webhooks spec: for each secret, <c>v1,</c> and the base64 HMAC-SHA256
/// of <c>{webhook-id}.{webhook-timestamp}.{body}</c> keyed with the secret's bytes, space-separated. Several secrets sign
/// while a rotation overlaps, so a receiver holding either verifies.
/// </summary>
public static class WebhookSigner
{
    /// <summary>The header value for <paramref name="body"/> sent as message <paramref name="messageId"/> at <paramref name="timestamp"/> (Unix s).</summary>
    public static string Sign(string messageId, long timestamp, string body, IEnumerable<string> secrets)
    {
        var content = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{messageId}.{timestamp}.{body}"));
        return string.Join(' ', secrets.Select(s => "v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecrets.KeyOf(s), content))));
    }
}
