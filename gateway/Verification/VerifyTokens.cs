using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Verification;

/// <summary>
/// The configured verify tokens, held as SHA-256 digests. A presented token is hashed and compared with every digest
/// in constant time (equal lengths, no early exit), so timing reveals neither a token nor which one matched.
/// </summary>
internal sealed class VerifyTokens(IOptions<KeyVerificationOptions> options)
{
    private readonly byte[][] _digests = [.. options.Value.VerifyTokens.Select(t => Digest(t.Trim()))];

    /// <summary>True when no token is configured: the endpoint is not mapped.</summary>
    public bool IsEmpty => _digests.Length == 0;

    /// <summary>True when <paramref name="presented"/> is one of the tokens.</summary>
    public bool Accepts(string presented)
    {
        var digest = Digest(presented);
        var match = false;
        foreach (var known in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, known);
        }
        return match;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
