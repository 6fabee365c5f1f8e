using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>Typed wrapper of <c>Scripts/sliding_window.lua</c>; see the script's header for its keys, arguments and result.</summary>
internal sealed class SlidingWindowScript() : EmbeddedLuaScript("Tollgate.Core.Limiting.Scripts.sliding_window.lua")
{
    /// <summary>The first result value of a call that ran after its deadline and did nothing.</summary>
    public const long Late = -1;

    private const int FixedArguments = 6;

    private static readonly IReadOnlyList<LimitWindow> Windows = LimitWindow.All;

    /// <summary>How long per-day usage is kept in Redis.</summary>
    public static readonly TimeSpan UsageRetention = TimeSpan.FromDays(90);

    private static readonly RedisValue UsageRetentionSeconds = (long)UsageRetention.TotalSeconds;

    /// <summary>The arguments of one call, in the script's ARGV order.</summary>
    /// <param name="nowMs">The caller's clock, Unix milliseconds.</param>
    /// <param name="cost">Requests to count; 0 only reports.</param>
    /// <param name="keyId">The key the usage is attributed to.</param>
    /// <param name="enforce">False in shadow mode: count even what enforcing would refuse.</param>
    /// <param name="deadline">Redis time (µs) after which the call must do nothing; 0 for none.</param>
    /// <param name="limits">The account's limits.</param>
    public static RedisValue[] Arguments(long nowMs, int cost, string keyId, bool enforce, long deadline, TierLimits limits)
    {
        var args = new RedisValue[FixedArguments + Windows.Count * 3];
        args[0] = nowMs;
        args[1] = cost;
        args[2] = keyId;
        args[3] = UsageRetentionSeconds;
        args[4] = enforce ? 1 : 0;
        args[5] = deadline;
        for (var i = 0; i < Windows.Count; i++)
        {
            var window = Windows[i];
            args[FixedArguments + 3 * i] = limits.For(i);
            args[FixedArguments + 3 * i + 1] = (long)window.Length.TotalMilliseconds;
            args[FixedArguments + 3 * i + 2] = (long)window.BucketSize.TotalMilliseconds;
        }
        return args;
    }
}
