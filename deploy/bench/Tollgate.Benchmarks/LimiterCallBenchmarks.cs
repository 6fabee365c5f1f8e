using BenchmarkDotNet.Attributes;
using StackExchange.Redis;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;

namespace Tollgate.Benchmarks;

/// <summary>
/// What the gateway builds for its one Redis call per admitted request: the seven key names and fourteen
/// arguments of <c>sliding_window.lua</c>. <c>RedisSlidingWindowLimiter</c> is internal to Tollgate.Core, so this
/// repeats its array building line for line over the public <see cref="RedisKeys"/>, <see cref="LimitWindow"/>
/// and <see cref="EpochDay"/>; keep it in step with <c>RedisSlidingWindowLimiter.RunAsync</c>.
/// </summary>
[MemoryDiagnoser]
public class LimiterCallBenchmarks
{
    private const string AccountId = "acc_b4w3iz4ptyqdgyjx";
    private const string KeyId = "key_p2xq7vd3k4mzt6aa";
    private static readonly TierLimits Limits = new(10_000, 200_000, 5_000_000);
    private static readonly IReadOnlyList<LimitWindow> Windows = LimitWindow.All;
    private static readonly TimeSpan UsageRetention = TimeSpan.FromDays(90);

    private readonly long _nowMs = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Benchmark]
    public int BuildScriptCall()
    {
        var keys = new RedisKey[Windows.Count * 2 + 1];
        var args = new RedisValue[5 + Windows.Count * 3];
        args[0] = _nowMs;
        args[1] = 1;
        args[2] = KeyId;
        args[3] = (long)UsageRetention.TotalSeconds;
        args[4] = 1; // enforce (not shadow mode)
        for (var i = 0; i < Windows.Count; i++)
        {
            var window = Windows[i];
            keys[2 * i] = RedisKeys.WindowBuckets(AccountId, window);
            keys[2 * i + 1] = RedisKeys.WindowCounts(AccountId, window);
            args[5 + 3 * i] = Limits.For(i);
            args[6 + 3 * i] = (long)window.Length.TotalMilliseconds;
            args[7 + 3 * i] = (long)window.BucketSize.TotalMilliseconds;
        }
        keys[^1] = RedisKeys.DailyUsage(AccountId, EpochDay.Of(_nowMs));
        return keys.Length + args.Length;
    }
}
