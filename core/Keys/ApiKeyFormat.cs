using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tollgate.Core.Keys;

/// <summary>
/// The shape of an API key: <c>tg_</c>, 32 random base62 characters (190 bits) and a 6-character
/// base62 checksum of what precedes it. The checksum lets the gateway refuse a mistyped or made-up
/// key without asking Redis.
/// </summary>
public static class ApiKeyFormat
{
    /// <summary>What every key starts with, so a leaked key is recognisable (e.g. by secret scanners).</summary>
    public const string Marker = "tg_";

    /// <summary>Random characters after the marker.</summary>
    public const int RandomLength = 32;

    /// <summary>Checksum characters at the end.</summary>
    public const int ChecksumLength = 6;

    /// <summary>Total length of a key.</summary>
    public const int Length = 3 + RandomLength + ChecksumLength;

    /// <summary>Characters of the key kept in clear to identify it: the marker and 8 random characters.</summary>
    public const int PrefixLength = 3 + 8;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Makes a new key from the system's cryptographic random source.</summary>
    public static string Generate()
    {
        Span<char> key = stackalloc char[Length];
        Marker.CopyTo(key);
        RandomNumberGenerator.GetItems(Alphabet, key.Slice(Marker.Length, RandomLength));
        WriteChecksum(key[..^ChecksumLength], key[^ChecksumLength..]);
        return new string(key);
    }

    /// <summary>True when <paramref name="key"/> has the key's shape and its checksum matches.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> key)
    {
        if (!HasShape(key))
        {
            return false;
        }
        Span<char> expected = stackalloc char[ChecksumLength];
        WriteChecksum(key[..^ChecksumLength], expected);
        return expected.SequenceEqual(key[^ChecksumLength..]);
    }

    /// <summary>
    /// True when <paramref name="key"/> has the key's length, marker and alphabet; the checksum is not checked (a SHA-256,
    /// the dearer half of <see cref="IsWellFormed"/>).
    /// </summary>
    public static bool HasShape(ReadOnlySpan<char> key)
    {
        if (key.Length != Length || !key.StartsWith(Marker, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in key[Marker.Length..])
        {
            if (!IsBase62(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The part of a well-formed key that may be shown and stored in clear.</summary>
    public static string PrefixOf(ReadOnlySpan<char> key) => new(key[..PrefixLength]);

    private static bool IsBase62(char c) => c is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z');

    /// <summary>First 32 bits of SHA-256 over the ASCII body, written as 6 base62 digits.</summary>
    private static void WriteChecksum(ReadOnlySpan<char> body, Span<char> destination)
    {
        Span<byte> ascii = stackalloc byte[body.Length];
        for (var i = 0; i < body.Length; i++)
        {
            ascii[i] = (byte)body[i];
        }
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(ascii, digest);
        var value = BinaryPrimitives.ReadUInt32BigEndian(digest);
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Alphabet[(int)(value % 62)];
            value /= 62;
        }
    }
}
