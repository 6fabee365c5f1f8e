using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Tollgate.Core.Limiting;

namespace Tollgate.Gateway.Limiting;

/// <summary>
/// Formats the rate-limit answer headers: <c>X-RateLimit-Limit/Remaining/Reset</c> for the window closest
/// to exhaustion, always (and <c>X-RateLimit-Overage</c> on a request admitted past the month's limit as billed
/// overage); and, as the route's <see cref="RateLimitHeaderFormat"/> says, the IETF draft-11 fields
/// <c>RateLimit-Policy</c> and <c>RateLimit</c> for every window, the draft-7 ones, or none.
/// What depends only on the limits (the policy fields, each window's limit) is built once per distinct set of
/// limits; what changes per request is written into a stack buffer and allocated once, as the final string.
/// <para>
/// A month that follows the billing period resets at the period's end: its reset (<c>X-RateLimit-Reset</c>, the
/// <c>RateLimit</c> field's <c>t</c>) is the time until then, and its policy's <c>w</c> is the current period's length in
/// seconds (28 to 31 days: 2419200 to 2678400), so the policy texts are kept per set of limits and period length.
/// </para>
/// </summary>
/// <param name="defaultFormat">The format of routes that name none (<c>Gateway:RateLimitHeaders</c>).</param>
/// <param name="timeProvider">This process's clock: only to tell which billing period a month's reset ends (default the system's).</param>
internal sealed class RateLimitHeaders(RateLimitHeaderFormat defaultFormat = RateLimitHeaderFormat.Draft11, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public const string Limit = "X-RateLimit-Limit";
    public const string Remaining = "X-RateLimit-Remaining";
    public const string Reset = "X-RateLimit-Reset";
    public const string Policy = "RateLimit-Policy";
    public const string State = "RateLimit";
    public const string Overage = "X-RateLimit-Overage";

    private readonly ConcurrentDictionary<(TierLimits Limits, long PeriodSeconds), LimitTexts> _texts = new();

    /// <summary>Writes the headers of <paramref name="format"/> (null: the gateway's default) for <paramref name="decision"/>.</summary>
    public void Apply(IHeaderDictionary headers, TierLimits limits, LimitDecision decision, RateLimitHeaderFormat? format = null)
    {
        var periodSeconds = PeriodSeconds(limits, decision);
        var texts = TextsFor(limits, periodSeconds);
        if (!texts.Describe(decision))
        {
            // Limits other than the tier's: the local fallback's share of them (Limits:InstanceCount).
            texts = TextsFor(limits.WithLimitsOf(decision.Windows), periodSeconds);
        }
        var tightest = decision.Tightest;
        var reset = decision.Admitted ? tightest.ResetAfter : decision.RetryAfter;
        var limit = texts.LimitOf(tightest);
        var resetSeconds = Seconds(reset);
        headers[Limit] = limit;
        headers[Remaining] = tightest.Remaining.ToString(CultureInfo.InvariantCulture);
        headers[Reset] = resetSeconds.ToString(CultureInfo.InvariantCulture);
        if (decision.OverageUnits > 0)
        {
            // Units of this request billed as overage: the month's allowance is used and the tier bills past it.
            headers[Overage] = decision.OverageUnits.ToString(CultureInfo.InvariantCulture);
        }
        switch (format ?? defaultFormat)
        {
            case RateLimitHeaderFormat.Draft11:
                headers[Policy] = texts.Policy;
                headers[State] = FormatState(decision);
                break;
            case RateLimitHeaderFormat.Draft7:
                // The same window and numbers as the X- headers: draft 7's RateLimit describes one quota only.
                headers[Policy] = texts.Draft7Policy;
                headers[State] = FormatDraft7State(limit, tightest.Remaining, resetSeconds);
                break;
            case RateLimitHeaderFormat.Legacy:
                break;
        }
    }

    private LimitTexts TextsFor(TierLimits limits, long periodSeconds) =>
        _texts.GetOrAdd((limits, periodSeconds), static key => LimitTexts.For(key.Limits, key.PeriodSeconds));

    /// <summary>The length in seconds of the billing period the decision's month ends with; 0 for a sliding month.</summary>
    private long PeriodSeconds(TierLimits limits, LimitDecision decision)
    {
        if (!limits.FollowsBillingPeriod)
        {
            return 0;
        }
        foreach (var window in decision.Windows)
        {
            if (window.Window.FollowsBillingPeriod)
            {
                // The month's reset is its period's end.
                return limits.BillingPeriodEndingIn(window.ResetAfter, _time.GetUtcNow()) is { } period ? Seconds(period.Length) : 0;
            }
        }
        return 0;
    }

    /// <summary>Whole seconds, rounded up so a client waiting that long is never early.</summary>
    public static long Seconds(TimeSpan span) => (long)Math.Ceiling(span.TotalSeconds);

    /// <summary>
    /// e.g. <c>"hour";q=60;w=3600, "day";q=1000;w=86400, "month";q=10000;w=2592000</c>, led by
    /// <c>"second";q=10;w=1</c> for a tier with a burst limit.
    /// </summary>
    /// <param name="limits">The limits.</param>
    /// <param name="periodSeconds">The billing period's length: the month's <c>w</c> when it follows the billing period.</param>
    internal static string FormatPolicy(TierLimits limits, long periodSeconds = 0)
    {
        var text = new StringBuilder();
        for (var i = 0; i < limits.Windows.Count; i++)
        {
            var window = limits.Windows[i];
            if (text.Length > 0)
            {
                text.Append(", ");
            }
            text.Append(CultureInfo.InvariantCulture, $"\"{window.Name}\";q={limits.For(i)};w={WindowSeconds(window, periodSeconds)}");
        }
        return text.ToString();
    }

    /// <summary>Draft 7's policy field, e.g. <c>60;w=3600, 1000;w=86400, 10000;w=2592000</c> (<c>10;w=1, …</c> with a burst limit).</summary>
    internal static string FormatDraft7Policy(TierLimits limits, long periodSeconds = 0)
    {
        var text = new StringBuilder();
        for (var i = 0; i < limits.Windows.Count; i++)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }
            text.Append(CultureInfo.InvariantCulture, $"{limits.For(i)};w={WindowSeconds(limits.Windows[i], periodSeconds)}");
        }
        return text.ToString();
    }

    private static long WindowSeconds(LimitWindow window, long periodSeconds) =>
        window.FollowsBillingPeriod && periodSeconds > 0 ? periodSeconds : Seconds(window.Length);

    /// <summary>Draft 7's combined field, e.g. <c>limit=60, remaining=12, reset=1800</c>.</summary>
    internal static string FormatDraft7State(string limit, long remaining, long resetSeconds)
    {
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[96]);
        text.AppendLiteral("limit=");
        text.AppendLiteral(limit);
        text.AppendLiteral(", remaining=");
        text.AppendFormatted(remaining);
        text.AppendLiteral(", reset=");
        text.AppendFormatted(resetSeconds);
        return text.ToStringAndClear();
    }

    /// <summary>
    /// e.g. <c>"hour";r=12;t=1800, "day";r=950;t=70000, "month";r=9950;t=2500000</c>. A request admitted past the month's
    /// limit as billed overage marks the month's entry with the boolean parameter <c>overage</c>
    /// (<c>"month";r=0;t=2500000;overage</c>), which parsers that do not know it ignore.
    /// </summary>
    internal static string FormatState(LimitDecision decision)
    {
        // Four windows with 19-digit numbers fit in 4 × 60 characters; the buffer never spills to the heap.
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        for (var i = 0; i < decision.Windows.Count; i++)
        {
            var w = decision.Windows[i];
            if (i > 0)
            {
                text.AppendLiteral(", ");
            }
            var reset = w.Remaining == 0 && !decision.Admitted ? decision.RetryAfter : w.ResetAfter;
            text.AppendLiteral("\"");
            text.AppendLiteral(w.Window.Name);
            text.AppendLiteral("\";r=");
            text.AppendFormatted(w.Remaining);
            text.AppendLiteral(";t=");
            text.AppendFormatted(Seconds(reset));
            if (decision.OverageUnits > 0 && w.Window.IsMonth)
            {
                text.AppendLiteral(";overage");
            }
        }
        return text.ToStringAndClear();
    }

    /// <summary>The texts of one set of limits: the policy fields of both drafts and each window's limit, in window order.</summary>
    private sealed record LimitTexts(TierLimits Limits, string Policy, string Draft7Policy, string[] LimitTextByWindow)
    {
        public static LimitTexts For(TierLimits limits, long periodSeconds)
        {
            var texts = new string[limits.Windows.Count];
            for (var i = 0; i < texts.Length; i++)
            {
                texts[i] = limits.For(i).ToString(CultureInfo.InvariantCulture);
            }
            return new LimitTexts(limits, FormatPolicy(limits, periodSeconds), FormatDraft7Policy(limits, periodSeconds), texts);
        }

        /// <summary>True when every window of <paramref name="decision"/> has the limit these texts show.</summary>
        public bool Describe(LimitDecision decision)
        {
            if (decision.Windows.Count != Limits.Windows.Count)
            {
                return false;
            }
            for (var i = 0; i < decision.Windows.Count; i++)
            {
                if (decision.Windows[i].Limit != Limits.For(i))
                {
                    return false;
                }
            }
            return true;
        }

        public string LimitOf(WindowUsage window)
        {
            for (var i = 0; i < Limits.Windows.Count; i++)
            {
                if (Limits.Windows[i] == window.Window)
                {
                    return LimitTextByWindow[i];
                }
            }
            return window.Limit.ToString(CultureInfo.InvariantCulture);
        }
    }
}
