using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Tollgate.Core.Keys;

namespace Tollgate.Benchmarks;

/// <summary>
/// The first step of every keyed request: the key's shape and checksum (no I/O), then its HMAC, which is what
/// the gateway's key cache is looked up by. Issuing a key (<see cref="ApiKeyFormat.Generate"/>) for comparison.
/// </summary>
[MemoryDiagnoser]
public class ApiKeyBenchmarks
{
    private const string Secret = "benchmark-hash-secret-at-least-32-characters-long";

    private readonly ApiKeyHasher _hasher = new(Options.Create(new KeyOptions { HashSecret = Secret }));
    private string _valid = "";
    private string _badChecksum = "";

    [GlobalSetup]
    public void Setup()
    {
        _valid = ApiKeyFormat.Generate();
        // Same shape with the last checksum character changed: refused only after the full SHA-256 check.
        _badChecksum = _valid[..^1] + (_valid[^1] == 'A' ? "B" : "A");
    }

    [Benchmark]
    public bool IsWellFormed_Valid() => ApiKeyFormat.IsWellFormed(_valid);

    [Benchmark]
    public bool IsWellFormed_BadChecksum() => ApiKeyFormat.IsWellFormed(_badChecksum);

    [Benchmark]
    public bool IsWellFormed_WrongLength() => ApiKeyFormat.IsWellFormed("tg_tooShort");

    [Benchmark]
    public string Hash() => _hasher.Hash(_valid);

    [Benchmark]
    public string Generate() => ApiKeyFormat.Generate();
}
