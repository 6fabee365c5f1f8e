using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tollgate.AdminApi.Authentication;

/// <summary>
/// The configured admin tokens, held only as SHA-256 digests. A presented token is hashed and compared with
/// every digest in constant time (equal-length inputs, no early exit), so timing reveals neither a token
/// nor which one matched. Each token is known in logs and the audit log by its id, <see cref="IdOf"/>.
/// </summary>
internal sealed class AdminTokens
{
    private readonly byte[][] _digests;
    private readonly string[] _ids;

    public AdminTokens(IOptions<AdminOptions> options)
    {
        var tokens = options.Value.Tokens.Where(t => !string.IsNullOrWhiteSpace(t)).ToArray();
        _digests = [.. tokens.Select(Digest)];
        _ids = [.. tokens.Select(IdOf)];
    }

    /// <summary>True when no token is configured: every request is refused.</summary>
    public bool IsEmpty => _digests.Length == 0;

    /// <summary>
    /// A token's public id: <c>tok_</c> and the first 8 hex digits of its SHA-256. Stable across restarts and
    /// instances, safe to log (32 bits of a digest say nothing useful about a 32+ character random token).
    /// </summary>
    public static string IdOf(string token) => "tok_" + Convert.ToHexStringLower(Digest(token))[..8];

    /// <summary>The id of the configured token equal to <paramref name="presented"/>, or null.</summary>
    public string? Identify(string presented)
    {
        var digest = Digest(presented);
        string? match = null;
        for (var i = 0; i < _digests.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, _digests[i]))
            {
                match = _ids[i];
            }
        }
        return match;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
