using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tollgate.Core.Keys;

/// <summary>Turns a raw key into the HMAC-SHA256 under which it is stored and looked up.</summary>
public sealed class ApiKeyHasher
{
    /// <summary>Stands in for <see cref="KeyOptions.HashSecret"/> in Development only, so a local run needs no set-up.</summary>
    internal const string DevelopmentSecret = "tollgate-development-only-secret-never-use-in-production";

    private readonly byte[] _secret;

    // HMAC contexts keyed with the secret, reused: a one-shot HMAC sets the key up again on every call (a new native
    // context and the key's two extra compression rounds), which was the gateway's largest leaf frame of its own per
    // keyed request (BENCHMARKS.md, "Third pass"). A context is used by one caller at a time, taken from the bag and put
    // back. They live as long as this singleton; their finalizers free the native contexts.
    private readonly ConcurrentBag<IncrementalHash> _macs = [];

    public ApiKeyHasher(IOptions<KeyOptions> options)
    {
        _secret = Encoding.UTF8.GetBytes(options.Value.HashSecret is { Length: > 0 } s ? s : DevelopmentSecret);
    }

    /// <summary>Lowercase hex HMAC-SHA256 of the key under the server secret.</summary>
    /// <remarks>Only well-formed keys are hashed, so the input is short and ASCII.</remarks>
    public string Hash(ReadOnlySpan<char> rawKey)
    {
        if (rawKey.Length > ApiKeyFormat.Length)
        {
            throw new ArgumentException("Not a well-formed API key.", nameof(rawKey));
        }
        Span<byte> ascii = stackalloc byte[Encoding.UTF8.GetMaxByteCount(ApiKeyFormat.Length)];
        var length = Encoding.UTF8.GetBytes(rawKey, ascii);
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var mac = _macs.TryTake(out var pooled) ? pooled : IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        mac.AppendData(ascii[..length]);
        mac.GetHashAndReset(digest);
        _macs.Add(mac);
        return Convert.ToHexStringLower(digest);
    }
}
