namespace Tollgate.SampleWeather.Weather;

/// <summary>
/// SplitMix64 generator seeded from an FNV-1a hash of its inputs. Written out rather than using
/// <see cref="Random"/>, whose seeded sequence is an implementation detail that may change between runtimes.
/// </summary>
internal struct StableRandom
{
    private ulong _state;

    private StableRandom(ulong seed) => _state = seed;

    /// <summary>A generator whose sequence depends only on the given salt, key and numbers.</summary>
    internal static StableRandom Create(string salt, string key, params ReadOnlySpan<int> parts)
    {
        var hash = Fnv1a.Append(Fnv1a.OffsetBasis, salt);
        hash = Fnv1a.Append(hash, key);
        foreach (var part in parts)
        {
            hash = Fnv1a.Append(hash, part);
        }

        return new StableRandom(hash);
    }

    /// <summary>Next value in [0, 1).</summary>
    internal double NextDouble()
    {
        // SplitMix64 mixing also repairs FNV's weak avalanche: neighbouring days get unrelated values.
        var z = _state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
