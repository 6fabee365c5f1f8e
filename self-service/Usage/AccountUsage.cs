using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.SelfService.Contracts;

namespace Tollgate.SelfService.Usage;

/// <summary>An account's usage as every side reads it: its windows (reading counts nothing) and its history per day and key.</summary>
public sealed class AccountUsage(IRateLimiter limiter, UsageHistoryReader history, IApiKeyStore keys, TimeProvider timeProvider)
{
    /// <summary>Days of history when a request names none.</summary>
    public const int DefaultHistoryDays = 30;

    /// <summary>Hour, day and month against <paramref name="limits"/>, in that order.</summary>
    public async Task<IReadOnlyList<WindowUsageResponse>> WindowsAsync(string accountId, TierLimits limits, CancellationToken cancellationToken)
    {
        var decision = await limiter.PeekAsync(accountId, limits, cancellationToken);
        var now = timeProvider.GetUtcNow();
        return [.. decision.Windows.Select(w => WindowUsageResponse.From(w, now))];
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
