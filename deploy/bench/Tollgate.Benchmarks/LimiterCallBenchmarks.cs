using BenchmarkDotNet.Attributes;
using Tollgate.Core.Limiting;

namespace Tollgate.Benchmarks;

/// <summary>
/// What the gateway builds for its one Redis call per admitted request: the key names (from the per-account cache:
/// windows, usage, webhooks, outbox, overage and the alert markers) and the arguments of <c>sliding_window.lua</c>, by
/// the same code <c>RedisSlidingWindowLimiter</c> runs.
/// </summary>
[MemoryDiagnoser]
public class LimiterCallBenchmarks
{
    private const string AccountId = "acc_b4w3iz4ptyqdgyjx";
    private const string KeyId = "key_p2xq7vd3k4mzt6aa";
    private static readonly TierLimits Limits = new(10_000, 200_000, 5_000_000);

    private static readonly (string KeyId, int Cost)[] OneRequest = [(KeyId, 1)];

    private readonly AccountWindowKeys _keyNames = new();
    private readonly long _nowMs = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Benchmark]
    public int BuildScriptCall()
    {
        var keys = _keyNames.For(AccountId, EpochDay.Of(_nowMs), Limits);
        var args = SlidingWindowScript.Arguments(enforce: true, deadline: 1_768_478_400_250_000, Limits, OneRequest);
        return keys.Length + args.Length;
    }
}
