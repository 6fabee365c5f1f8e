using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.SelfService.Contracts;
using Tollgate.SelfService.Problems;

namespace Tollgate.SelfService.Usage;

/// <summary>An account's usage as every side reads it: its windows (reading counts nothing) and its history per day and key.</summary>
public sealed class AccountUsage(IRateLimiter limiter, UsageHistoryReader history, IApiKeyStore keys, TimeProvider timeProvider)
{
    /// <summary>Days of history when a request names none.</summary>
    public const int DefaultHistoryDays = 30;

    /// <summary>
    /// The days a history request asks for (<see cref="DefaultHistoryDays"/> when it names none) in
    /// <paramref name="span"/>, or the 400 answer when they are not 1 to <see cref="UsageHistoryReader.MaxDays"/>.
    /// </summary>
    public static ValidationProblem? DaysProblem(int? days, out int span)
    {
        span = days ?? DefaultHistoryDays;
        return span < 1 || span > UsageHistoryReader.MaxDays
            ? FieldErrors.Single("days", $"'days' must be between 1 and {UsageHistoryReader.MaxDays}.")
            : null;
    }

    /// <summary>Hour, day and month against <paramref name="limits"/>, in that order.</summary>
    public async Task<IReadOnlyList<WindowUsageResponse>> WindowsAsync(string accountId, TierLimits limits, CancellationToken cancellationToken)
    {
        var decision = await limiter.PeekAsync(accountId, limits, cancellationToken);
        var now = timeProvider.GetUtcNow();
        return [.. decision.Windows.Select(w => WindowUsageResponse.From(w, now, limits.BillingPeriodEndingIn(w.ResetAfter, now)))];
    }

    /// <summary>The windows against <paramref name="limits"/>, then today's counts.</summary>
    /// <remarks>
    /// One after the other: reading the windows asks permits leased elsewhere back and waits for them (see
    /// <c>LeasingRateLimiter.PeekAsync</c>), and only after those returns do today's per-key counts hold what was used
    /// rather than what was leased.
    /// </remarks>
    public async Task<UsageNow> NowAsync(string accountId, TierLimits limits, CancellationToken cancellationToken)
    {
        var windows = await WindowsAsync(accountId, limits, cancellationToken);
        var today = await history.ReadAsync(accountId, days: 1, cancellationToken);
        return new UsageNow(windows, today[0], timeProvider.GetUtcNow());
    }

    /// <summary>Requests per UTC day and per key for the last <paramref name="days"/> days, with the keys that made them.</summary>
    public async Task<UsageHistoryResponse> HistoryAsync(string accountId, int days, CancellationToken cancellationToken)
    {
        var usage = history.ReadAsync(accountId, days, cancellationToken);
        var records = keys.ListAsync(accountId, cancellationToken);
        await Task.WhenAll(usage, records);
        var now = timeProvider.GetUtcNow();
        return new UsageHistoryResponse(
            "success",
            accountId,
            days,
            [.. (await records).Select(k => new HistoryKeyResponse(k.KeyId, k.Name, k.Prefix, KeyResponse.StatusOf(k, now)))],
            [.. (await usage).Select(UsageDayResponse.From)]);
    }
}
