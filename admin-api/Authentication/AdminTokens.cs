using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tollgate.AdminApi.Authentication;

/// <summary>
/// The configured admin tokens, held only as SHA-256 digests, each with its role. A presented token is hashed and
/// compared with every digest in constant time (equal-length inputs, no early exit), so timing reveals neither a
/// token nor which one matched. Each token is known in logs and the audit log by its id, <see cref="IdOf"/>.
/// </summary>
internal sealed class AdminTokens
{
    private readonly byte[][] _digests;
    private readonly AdminCaller[] _callers;

    public AdminTokens(IOptions<AdminOptions> options)
    {
        // Validated on start: every token here has a value and a known role.
        var tokens = options.Value.Tokens
            .Where(t => !string.IsNullOrWhiteSpace(t.Token) && AdminRoles.Parse(t.Role) is not null)
            .ToArray();
        _digests = [.. tokens.Select(t => Digest(t.Token!))];
        _callers = [.. tokens.Select(t => new AdminCaller(IdOf(t.Token!), AdminRoles.Parse(t.Role)!.Value))];
    }

    /// <summary>True when no token is configured: every request is refused.</summary>
    public bool IsEmpty => _digests.Length == 0;

    /// <summary>
    /// A token's public id: <c>tok_</c> and the first 8 hex digits of its SHA-256. Stable across restarts and
    /// instances, safe to log (32 bits of a digest say nothing useful about a 32+ character random token).
    /// </summary>
    public static string IdOf(string token) => "tok_" + Convert.ToHexStringLower(Digest(token))[..8];

    /// <summary>The id and role of the configured token equal to <paramref name="presented"/>, or null.</summary>
    public AdminCaller? Identify(string presented)
    {
        var digest = Digest(presented);
        AdminCaller? match = null;
        for (var i = 0; i < _digests.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, _digests[i]))
            {
                match = _callers[i];
            }
        }
        return match;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
