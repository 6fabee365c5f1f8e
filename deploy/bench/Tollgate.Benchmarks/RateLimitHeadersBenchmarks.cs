#if GATEWAY_INTERNALS
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Limiting;
using Tollgate.Gateway.Limiting;

namespace Tollgate.Benchmarks;

/// <summary>
/// The five rate-limit headers every counted response carries (<c>RateLimitHeaders</c>, internal to the gateway:
/// needs <c>&lt;InternalsVisibleTo Include="Tollgate.Benchmarks" /&gt;</c> in Tollgate.Gateway.csproj).
/// The policy field is cached per set of limits, so <see cref="Apply_Admitted"/> measures the cached path, as a
/// gateway sees it after its first request; <see cref="FormatPolicy"/> shows what the cache saves.
/// </summary>
[MemoryDiagnoser]
public class RateLimitHeadersBenchmarks
{
    private static readonly TierLimits Limits = new(10_000, 200_000, 5_000_000);

    private readonly RateLimitHeaders _headers = new();
    private readonly HeaderDictionary _response = new();
    private LimitDecision _admitted = null!;
    private LimitDecision _refused = null!;

    [GlobalSetup]
    public void Setup()
    {
        _admitted = new LimitDecision(true, TimeSpan.Zero,
        [
            new WindowUsage(LimitWindow.Hour, Limits.PerHour, 1_234, TimeSpan.FromSeconds(3_541)),
            new WindowUsage(LimitWindow.Day, Limits.PerDay, 45_678, TimeSpan.FromSeconds(80_123)),
            new WindowUsage(LimitWindow.Month, Limits.PerMonth, 1_234_567, TimeSpan.FromSeconds(2_500_000)),
        ]);
        _refused = new LimitDecision(false, TimeSpan.FromSeconds(1_800),
        [
            new WindowUsage(LimitWindow.Hour, Limits.PerHour, Limits.PerHour, TimeSpan.FromSeconds(1_800)),
            new WindowUsage(LimitWindow.Day, Limits.PerDay, 45_678, TimeSpan.FromSeconds(80_123)),
            new WindowUsage(LimitWindow.Month, Limits.PerMonth, 1_234_567, TimeSpan.FromSeconds(2_500_000)),
        ]);
        _headers.Apply(_response, Limits, _admitted);
    }

    [Benchmark]
    public int Apply_Admitted()
    {
        _response.Clear();
        _headers.Apply(_response, Limits, _admitted);
        return _response.Count;
    }

    [Benchmark]
    public int Apply_Refused()
    {
        _response.Clear();
        _headers.Apply(_response, Limits, _refused);
        return _response.Count;
    }

    [Benchmark]
    public string FormatState() => RateLimitHeaders.FormatState(_admitted);

    [Benchmark]
    public string FormatPolicy() => RateLimitHeaders.FormatPolicy(Limits);
}
#endif
