namespace Tollgate.SampleWeather.Weather;

/// <summary>
/// 64-bit FNV-1a. Used instead of <see cref="string.GetHashCode()"/>, which is randomized per process:
/// the synthetic weather must be identical across restarts, machines and replicas behind the gateway.
/// </summary>
internal static class Fnv1a
{
    /// <summary>Starting value of every hash.</summary>
    internal const ulong OffsetBasis = 0xcbf29ce484222325;

    private const ulong Prime = 0x100000001b3;

    internal static ulong Append(ulong hash, byte value) => (hash ^ value) * Prime;

    internal static ulong Append(ulong hash, int value)
    {
        // Fixed little-endian byte order, so the result does not depend on the machine's endianness.
        for (var shift = 0; shift < 32; shift += 8)
        {
            hash = Append(hash, (byte)(value >> shift));
        }

        return hash;
    }

    internal static ulong Append(ulong hash, ReadOnlySpan<char> text)
    {
        // The length prefix keeps ("ab", "c") and ("a", "bc") apart when several strings are hashed in a row.
        hash = Append(hash, text.Length);
        foreach (var c in text)
        {
            hash = Append(hash, (byte)c);
            hash = Append(hash, (byte)(c >> 8));
        }

        return hash;
    }
}
