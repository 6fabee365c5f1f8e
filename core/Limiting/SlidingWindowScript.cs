using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>Typed wrapper of <c>Scripts/sliding_window.lua</c>; see the script's header for its keys, arguments and result.</summary>
internal sealed class SlidingWindowScript() : EmbeddedLuaScript("Tollgate.Core.Limiting.Scripts.sliding_window.lua")
{
    private const int FixedArguments = 4;

    private static readonly IReadOnlyList<LimitWindow> Windows = LimitWindow.All;

    /// <summary>How long per-day usage is kept in Redis.</summary>
    public static readonly TimeSpan UsageRetention = TimeSpan.FromDays(90);

    private static readonly RedisValue UsageRetentionSeconds = (long)UsageRetention.TotalSeconds;

    /// <summary>The arguments of one call, in the script's ARGV order. No time: the windows run on Redis's clock.</summary>
    /// <param name="enforce">False in shadow mode: count even what enforcing would refuse.</param>
    /// <param name="deadline">Redis time (µs) after which the call must do nothing; 0 for none.</param>
    /// <param name="limits">The account's limits.</param>
    /// <param name="requests">The key id of each request to count, in arrival order; empty to only report.</param>
    public static RedisValue[] Arguments(bool enforce, long deadline, TierLimits limits, ReadOnlySpan<string> requests)
    {
        var runs = 0;
        for (var i = 0; i < requests.Length; i++)
        {
            runs += i == 0 || !string.Equals(requests[i], requests[i - 1], StringComparison.Ordinal) ? 1 : 0;
        }

        var args = new RedisValue[FixedArguments + Windows.Count * 3 + runs * 2];
        args[0] = UsageRetentionSeconds;
        args[1] = enforce ? 1 : 0;
        args[2] = deadline;
        args[3] = Windows.Count;
        var at = FixedArguments;
        for (var i = 0; i < Windows.Count; i++)
        {
            var window = Windows[i];
            args[at++] = limits.For(i);
            args[at++] = (long)window.Length.TotalMilliseconds;
            args[at++] = (long)window.BucketSize.TotalMilliseconds;
        }
        // Consecutive requests of one key travel as one run: key id, count.
        for (var i = 0; i < requests.Length;)
        {
            var run = 1;
            while (i + run < requests.Length && string.Equals(requests[i + run], requests[i], StringComparison.Ordinal))
            {
                run++;
            }
            args[at++] = requests[i];
            args[at++] = run;
            i += run;
        }
        return args;
    }

    /// <summary>Reads the script's positional result.</summary>
    public static SlidingWindowResult Parse(RedisResult result)
    {
        var values = (RedisResult[])result!;
        var admitted = (long)values[0];
        var redisTime = (long)values[2];
        if (admitted < 0)
        {
            return new SlidingWindowResult(Late: true, 0, TimeSpan.Zero, redisTime, []);
        }

        var windows = new SlidingWindowResult.WindowState[Windows.Count];
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new SlidingWindowResult.WindowState((long)values[3 + 2 * i], TimeSpan.FromMilliseconds((long)values[4 + 2 * i]));
        }
        return new SlidingWindowResult(Late: false, (int)admitted, TimeSpan.FromMilliseconds((long)values[1]), redisTime, windows);
    }
}
