using System.Collections.Concurrent;

namespace Tollgate.Core.Limiting;

/// <summary>
/// Remembers, in this process, accounts that Redis has just refused and until when, and refuses their
/// requests until then without asking Redis again (as envoy's ratelimit does): a client hammering after a
/// 429 costs Redis nothing. Only refusals are remembered, so it can never admit too much; a different set
/// of limits (a tier change) bypasses the memory at once, and so does a cheaper request (a route of lower cost), which
/// may still fit where the refused one did not. Off in shadow mode, where every request is counted. With permit leases, a
/// refusal made while other instances held leases of the account is not remembered, and a lease's return announced on
/// the lease channel forgets the account's refusal (<see cref="Forget"/>): permits that go back are never refused here.
/// </summary>
internal sealed class ExhaustedAccountShortcut(ResilientRateLimiter inner, TimeProvider timeProvider) : IRateLimiter
{
    // Entries end by themselves at their retry time; this only bounds a flood of distinct exhausted accounts.
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Refusal> _refusals = new(StringComparer.Ordinal);

    public async Task<LimitDecision> AcquireAsync(string accountId, string keyId, int cost, TierLimits limits, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_refusals.TryGetValue(accountId, out var refusal))
        {
            if (refusal.Limits == limits && now < refusal.Until)
            {
                if (cost >= refusal.Decision.Cost)
                {
                    return refusal.At(now) with { Cost = cost };
                }
            }
            else
            {
                _refusals.TryRemove(new KeyValuePair<string, Refusal>(accountId, refusal));
            }
        }

        var decision = await inner.AcquireAsync(accountId, keyId, cost, limits, cancellationToken).ConfigureAwait(false);
        // Only a refusal that is enforced: in shadow mode every request must reach Redis to be counted. And not one made
        // while other instances held leases of the account: their unused permits, once back, may admit the next request.
        if (decision.Refuses && decision.Source == LimitSource.Redis && decision.RetryAfter > TimeSpan.Zero && decision.LeasesElsewhere == 0)
        {
            if (_refusals.Count >= MaxEntries)
            {
                _refusals.Clear();
            }
            _refusals[accountId] = new Refusal(limits, now, now + decision.RetryAfter, decision);
        }
        return decision;
    }

    /// <summary>
    /// Forgets the account's remembered refusal: permits of a lease went back (<c>returned</c> on the lease channel), so
    /// the account may have room again before the refusal's retry time.
    /// </summary>
    public void Forget(string accountId) => _refusals.TryRemove(accountId, out _);

    /// <summary>Forgets every remembered refusal: lease returns announced while this instance was disconnected were missed.</summary>
    public void Clear() => _refusals.Clear();

    public Task<LimitDecision> PeekAsync(string accountId, TierLimits limits, CancellationToken cancellationToken) =>
        inner.PeekAsync(accountId, limits, cancellationToken);

    /// <summary>A refusal by Redis at <paramref name="DecidedAt"/>, valid until <paramref name="Until"/>.</summary>
    private sealed record Refusal(TierLimits Limits, DateTimeOffset DecidedAt, DateTimeOffset Until, LimitDecision Decision)
    {
        /// <summary>The same refusal as seen at <paramref name="now"/>: every wait shortened by the time passed.</summary>
        public LimitDecision At(DateTimeOffset now)
        {
            var elapsed = now - DecidedAt;
            var windows = new WindowUsage[Decision.Windows.Count];
            for (var i = 0; i < windows.Length; i++)
            {
                var window = Decision.Windows[i];
                windows[i] = window with { ResetAfter = Max(window.ResetAfter - elapsed) };
            }
            return Decision with { RetryAfter = Until - now, Windows = windows };
        }

        private static TimeSpan Max(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;
    }
}
