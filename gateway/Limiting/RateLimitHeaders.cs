using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Tollgate.Core.Limiting;

namespace Tollgate.Gateway.Limiting;

/// <summary>
/// Formats the rate-limit answer headers: <c>X-RateLimit-Limit/Remaining/Reset</c> for the window closest
/// to exhaustion, and the IETF draft fields <c>RateLimit-Policy</c> and <c>RateLimit</c> for every window.
/// The policy field depends only on the limits, so it is built once per distinct set of limits.
/// </summary>
internal sealed class RateLimitHeaders
{
    public const string Limit = "X-RateLimit-Limit";
    public const string Remaining = "X-RateLimit-Remaining";
    public const string Reset = "X-RateLimit-Reset";
    public const string Policy = "RateLimit-Policy";
    public const string State = "RateLimit";

    private readonly ConcurrentDictionary<TierLimits, string> _policies = new();

    /// <summary>Writes all five headers for <paramref name="decision"/>.</summary>
    public void Apply(IHeaderDictionary headers, TierLimits limits, LimitDecision decision)
    {
        var tightest = decision.Tightest;
        var reset = decision.Admitted ? tightest.ResetAfter : decision.RetryAfter;
        headers[Limit] = tightest.Limit.ToString(CultureInfo.InvariantCulture);
        headers[Remaining] = tightest.Remaining.ToString(CultureInfo.InvariantCulture);
        headers[Reset] = Seconds(reset).ToString(CultureInfo.InvariantCulture);
        headers[Policy] = _policies.GetOrAdd(limits, static (_, d) => FormatPolicy(d), decision);
        headers[State] = FormatState(decision);
    }

    /// <summary>Whole seconds, rounded up so a client waiting that long is never early.</summary>
    public static long Seconds(TimeSpan span) => (long)Math.Ceiling(span.TotalSeconds);

    /// <summary>e.g. <c>"hour";q=60;w=3600, "day";q=1000;w=86400, "month";q=10000;w=2592000</c>.</summary>
    internal static string FormatPolicy(LimitDecision decision)
    {
        var text = new StringBuilder();
        foreach (var w in decision.Windows)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }
            text.Append(CultureInfo.InvariantCulture, $"\"{w.Window.Name}\";q={w.Limit};w={Seconds(w.Window.Length)}");
        }
        return text.ToString();
    }

    /// <summary>e.g. <c>"hour";r=12;t=1800, "day";r=950;t=70000, "month";r=9950;t=2500000</c>.</summary>
    internal static string FormatState(LimitDecision decision)
    {
        var text = new StringBuilder(96);
        foreach (var w in decision.Windows)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }
            var reset = w.Remaining == 0 && !decision.Admitted ? decision.RetryAfter : w.ResetAfter;
            text.Append(CultureInfo.InvariantCulture, $"\"{w.Window.Name}\";r={w.Remaining};t={Seconds(reset)}");
        }
        return text.ToString();
    }
}
