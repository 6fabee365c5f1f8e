using StackExchange.Redis;
using Tollgate.Core.Events;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Accounts;

/// <summary>
/// Writes what the payment provider decided about an account (tier, Stripe's ids, grace period), once per event and in
/// one atomic step with the event's idempotency record (<c>Scripts/apply_billing.lua</c>); then tells every gateway.
/// A move to a smaller tier disables the keys beyond its maximum (or the account's own key limit while that applies), least recently
/// used first; a move up brings them back.
/// </summary>
/// <remarks>
/// Unlike <see cref="TierChangeService"/>, nothing here is refused for holding too many keys: the payment has already
/// happened (or failed) at the provider, so the tier must follow it.
/// </remarks>
internal sealed class AccountBillingWriter(
    IConnectionMultiplexer redis, ApplyBillingScript script, IApiKeyStore keys, UsageHistoryReader usage, IAccountStore accounts,
    TierCatalog catalog, AccountTiers accountTiers, InvalidationPublisher invalidations, AccountEventOutbox events, TimeProvider timeProvider)
{
    /// <summary>Applies <paramref name="change"/> to <paramref name="accountId"/>; the tier it names must be in the catalogue.</summary>
    public async Task<BillingWriteResult> ApplyAsync(string accountId, BillingChange change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var maxKeys = 0;
        IReadOnlyList<string> leastRecent = [], mostRecentDisabled = [], forget = [];
        if (change.Tier is { } tierName)
        {
            if (!catalog.TryGet(tierName, out var tier))
            {
                throw new ArgumentException($"Tier '{tierName}' is not in the catalogue.", nameof(change));
            }
            var account = await accounts.GetAsync(accountId, cancellationToken).ConfigureAwait(false);
            maxKeys = (account is null ? null : accountTiers.ActiveOverride(account)?.MaxKeys) ?? tier.MaxKeys;
            (leastRecent, mostRecentDisabled, forget) = await RankKeysAsync(accountId, cancellationToken).ConfigureAwait(false);
        }

        // The indexes outside the account's slot are written around the script so that a crash leaves only an entry
        // that points at nothing: the grace index is checked against the account, the customer index only ever names it.
        if (change.CustomerId is { } customer)
        {
            await db.StringSetAsync(RedisKeys.StripeCustomer(customer), accountId).ConfigureAwait(false);
        }
        if (change.StartGraceUntil is { } graceEnds)
        {
            await db.SortedSetAddAsync(RedisKeys.BillingGraceIndex, accountId, graceEnds.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists)
                .ConfigureAwait(false);
        }

        var result = await script.EvaluateAsync(db, accountId, timeProvider.GetUtcNow(), change, maxKeys, leastRecent, mostRecentDisabled, forget)
            .ConfigureAwait(false);

        if (result.Status == BillingWriteStatus.Applied && (change.ClearGrace || change.OnlyIfGraceEnded))
        {
            await db.SortedSetRemoveAsync(RedisKeys.BillingGraceIndex, accountId).ConfigureAwait(false);
        }
        if (result.Status is BillingWriteStatus.Applied or BillingWriteStatus.Stale)
        {
            await invalidations.PublishAsync(CacheInvalidation.ForAccount(accountId)).ConfigureAwait(false);
        }
        // The account's webhooks hear of it (once per provider event: a duplicate is not Applied).
        if (result.Status == BillingWriteStatus.Applied && change.StartGraceUntil is { } graceUntil)
        {
            await events.AppendAsync(accountId, AccountEventTypes.PaymentFailed, new { GraceEndsAt = graceUntil }, CancellationToken.None)
                .ConfigureAwait(false);
        }
        if (result.TierChanged && change.Tier is { } newTier)
        {
            await events.AppendAsync(accountId, AccountEventTypes.TierChanged, new { To = newTier, Via = "billing" }, CancellationToken.None)
                .ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>The account whose Stripe customer is <paramref name="customerId"/>, or null when none is known.</summary>
    public async Task<string?> FindByStripeCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = await redis.GetDatabase().StringGetAsync(RedisKeys.StripeCustomer(customerId)).ConfigureAwait(false);
        return id.IsNullOrEmpty ? null : id.ToString();
    }

    /// <summary>Accounts whose grace period ends by <paramref name="now"/>, at most <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<string>> DueGracePeriodsAsync(DateTimeOffset now, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var due = await redis.GetDatabase()
            .SortedSetRangeByScoreAsync(RedisKeys.BillingGraceIndex, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: count)
            .ConfigureAwait(false);
        return [.. due.Select(v => v.ToString())];
    }

    /// <summary>Drops <paramref name="accountId"/> from the grace index, or moves it to <paramref name="endsAt"/>, as the account hash says.</summary>
    public async Task ReindexGraceAsync(string accountId, DateTimeOffset? endsAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        _ = endsAt is { } ends
            ? await db.SortedSetAddAsync(RedisKeys.BillingGraceIndex, accountId, ends.ToUnixTimeMilliseconds()).ConfigureAwait(false)
            : await db.SortedSetRemoveAsync(RedisKeys.BillingGraceIndex, accountId).ConfigureAwait(false);
    }

    /// <summary>
    /// Keys by last use (the per-key daily usage of the last 90 days; never used counts as oldest, then by issue):
    /// usable keys least recently used first, the same most recently used first, and the revoked or expired ones.
    /// </summary>
    private async Task<(IReadOnlyList<string>, IReadOnlyList<string>, IReadOnlyList<string>)> RankKeysAsync(
        string accountId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var records = await keys.ListAsync(accountId, cancellationToken).ConfigureAwait(false);
        var history = await usage.ReadAsync(accountId, UsageHistoryReader.MaxDays, cancellationToken).ConfigureAwait(false);
        var lastUsed = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var day in history)
        {
            foreach (var (keyId, count) in day.ByKey)
            {
                if (count > 0)
                {
                    lastUsed[keyId] = day.Date; // days come oldest first: the last write wins
                }
            }
        }
        var usable = records.Where(k => k.IsActiveAt(now))
            .OrderBy(k => lastUsed.TryGetValue(k.KeyId, out var d) ? d : DateOnly.MinValue)
            .ThenBy(k => k.CreatedAt)
            .Select(k => k.KeyId)
            .ToList();
        var forget = records.Where(k => !k.IsActiveAt(now)).Select(k => k.KeyId).ToList();
        return (usable, Enumerable.Reverse(usable).ToList(), forget);
    }
}
