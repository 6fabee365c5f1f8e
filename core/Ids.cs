using System.Security.Cryptography;

namespace Tollgate.Core;

/// <summary>Random public identifiers: a readable type marker and 16 base32 characters (80 bits).</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>What every account id starts with.</summary>
    public const string AccountMarker = "acc_";

    /// <summary>What every key id starts with.</summary>
    public const string KeyMarker = "key_";

    /// <summary>A new account id, e.g. <c>acc_k3j…</c>.</summary>
    public static string NewAccountId() => New(AccountMarker);

    /// <summary>A new key id, e.g. <c>key_p2x…</c>.</summary>
    public static string NewKeyId() => New(KeyMarker);

    /// <summary>True when <paramref name="id"/> looks like an id of the given marker (cheap check before Redis).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> id, string marker)
    {
        if (id.Length != marker.Length + 16 || !id.StartsWith(marker, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in id[marker.Length..])
        {
            if (Alphabet.IndexOf(c) < 0)
            {
                return false;
            }
        }
        return true;
    }

    private static string New(string marker) =>
        string.Concat(marker, RandomNumberGenerator.GetString(Alphabet, 16));
}
