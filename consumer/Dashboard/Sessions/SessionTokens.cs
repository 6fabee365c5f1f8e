using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.ConsumerSide.Dashboard.Sessions;

/// <summary>The random secrets of the dashboard: session ids and CSRF tokens, 256 bits each, base64url.</summary>
internal static class SessionTokens
{
    /// <summary>Random bytes in each token.</summary>
    public const int Bytes = 32;

    /// <summary>Characters of a token: base64url of 32 bytes without padding.</summary>
    public static readonly int Length = Base64Url.GetEncodedLength(Bytes);

    /// <summary>A new token from the system's cryptographic random source.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>True when <paramref name="token"/> has a token's shape (cheap check before Redis).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> token)
    {
        if (token.Length != Length)
        {
            return false;
        }
        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Lowercase hex SHA-256 of a session id: what Redis stores the session under, so a copy of Redis holds
    /// no id a browser could present. (The id is 256 random bits, so a plain hash is enough; no secret needed.)
    /// </summary>
    public static string Digest(string sessionId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(sessionId)));

    /// <summary>Constant-time comparison of a presented token with the expected one; false when either is missing.</summary>
    public static bool Matches(string? presented, string? expected)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected) || presented.Length > 256)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }
}
