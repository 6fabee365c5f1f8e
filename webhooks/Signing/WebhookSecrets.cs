using System.Security.Cryptography;

namespace Tollgate.Webhooks.Signing;

/// <summary>Standard Webhooks secrets: <c>whsec_</c> and the base64 of the key bytes.</summary>
public static class WebhookSecrets
{
    /// <summary>What every secret starts with.</summary>
    public const string Prefix = "whsec_";

    /// <summary>A new secret of 32 random bytes (the spec asks for 24 to 64).</summary>
    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The HMAC key of <paramref name="secret"/>: the bytes its base64 part stands for.</summary>
    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
}
