using StackExchange.Redis;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Accounts;

/// <summary><see cref="IAccountStore"/> over Redis hashes (see <see cref="RedisKeys"/>).</summary>
internal sealed class RedisAccountStore(
    IConnectionMultiplexer redis,
    ChangeTierScript changeTierScript,
    InvalidationPublisher invalidations,
    TimeProvider timeProvider) : IAccountStore
{
    private const string IdField = "id";
    private const string EmailField = "email";
    private const string TierField = "tier";
    private const string CreatedField = "created_at";

    /// <summary>Index entries read per round trip when a list is filtered by tier.</summary>
    private const int ScanBatch = 500;

    private static readonly RedisValue[] Fields =
    [
        IdField, EmailField, TierField, CreatedField,
        .. BillingFields.All,
        LimitOverrideField.Name,
    ];

    /// <summary>Position of <see cref="LimitOverrideField.Name"/> in <see cref="Fields"/>.</summary>
    private static readonly int LimitsIndex = 4 + BillingFields.All.Length;

    public async Task<AccountRecord?> CreateAsync(string email, string tier, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var normalized = email.Trim().ToLowerInvariant();
        // Stored to the millisecond: the record returned is the record read back later.
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var account = new AccountRecord(Ids.NewAccountId(), normalized, tier, createdAt);

        // The email claim is the uniqueness check: only the first writer of the address gets it.
        if (!await db.StringSetAsync(RedisKeys.AccountByEmail(normalized), account.Id, when: When.NotExists).ConfigureAwait(false))
        {
            return null;
        }
        await db.HashSetAsync(RedisKeys.Account(account.Id),
        [
            new(IdField, account.Id),
            new(EmailField, account.Email),
            new(TierField, account.Tier),
            new(CreatedField, account.CreatedAt.ToUnixTimeMilliseconds()),
        ]).ConfigureAwait(false);
        await db.SortedSetAddAsync(RedisKeys.AccountIndex, account.Id, account.CreatedAt.ToUnixTimeMilliseconds()).ConfigureAwait(false);
        return account;
    }

    public async Task<AccountRecord?> GetAsync(string accountId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await redis.GetDatabase().HashGetAsync(RedisKeys.Account(accountId), Fields).ConfigureAwait(false);
        return FromValues(values);
    }

    public async Task<AccountRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = await redis.GetDatabase().StringGetAsync(RedisKeys.AccountByEmail(email.Trim().ToLowerInvariant())).ConfigureAwait(false);
        return id.IsNull ? null : await GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<AccountPage> ListAsync(AccountQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var skip = (long)(query.Page - 1) * query.PageSize;

        if (query.Tier is null)
        {
            var total = await db.SortedSetLengthAsync(RedisKeys.AccountIndex).ConfigureAwait(false);
            var ids = skip >= total
                ? []
                : await db.SortedSetRangeByRankAsync(RedisKeys.AccountIndex, skip, skip + query.PageSize - 1).ConfigureAwait(false);
            return new AccountPage(await ReadManyAsync(db, ids).ConfigureAwait(false), total);
        }

        // There is no per-tier index to keep consistent with the account hash (they would live on different
        // Cluster slots): a filtered list walks the whole account index, a batch per round trip. Linear in the
        // number of accounts, which suits an admin API up to some hundred thousand accounts.
        var matched = 0L;
        var pageIds = new List<RedisValue>(query.PageSize);
        for (long start = 0; ; start += ScanBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = await db.SortedSetRangeByRankAsync(RedisKeys.AccountIndex, start, start + ScanBatch - 1).ConfigureAwait(false);
            var tiers = await Task.WhenAll(ids.Select(id => db.HashGetAsync(RedisKeys.Account(id.ToString()), TierField))).ConfigureAwait(false);
            for (var i = 0; i < ids.Length; i++)
            {
                if (tiers[i] != query.Tier)
                {
                    continue;
                }
                if (matched >= skip && pageIds.Count < query.PageSize)
                {
                    pageIds.Add(ids[i]);
                }
                matched++;
            }
            if (ids.Length < ScanBatch)
            {
                break;
            }
        }
        return new AccountPage(await ReadManyAsync(db, [.. pageIds]).ConfigureAwait(false), matched);
    }

    public async Task<TierWriteOutcome> ChangeTierWithinKeyLimitAsync(
        string accountId, string fromTier, string toTier, int maxActiveKeys, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (outcome, _) = await changeTierScript
            .EvaluateAsync(redis.GetDatabase(), accountId, timeProvider.GetUtcNow(), fromTier, toTier, maxActiveKeys)
            .ConfigureAwait(false);
        if (outcome == TierWriteOutcome.Changed)
        {
            await invalidations.PublishAsync(CacheInvalidation.ForAccount(accountId)).ConfigureAwait(false);
        }
        return outcome;
    }

    public async Task<TierWriteOutcome> SetLimitsAsync(
        string accountId, string expectedTier, LimitOverride? limits, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var account = RedisKeys.Account(accountId);
        // One key, one transaction: the limits were validated against the tier (hour <= day <= month once merged), so
        // they are written only while the account is on it; a missing account fails the same condition.
        var write = db.CreateTransaction();
        write.AddCondition(Condition.HashEqual(account, TierField, expectedTier));
        _ = limits is null
            ? write.HashDeleteAsync(account, LimitOverrideField.Name)
            : write.HashSetAsync(account, LimitOverrideField.Name, LimitOverrideField.Write(limits));
        if (!await write.ExecuteAsync().ConfigureAwait(false))
        {
            return await db.KeyExistsAsync(account).ConfigureAwait(false) ? TierWriteOutcome.TierChanged : TierWriteOutcome.AccountNotFound;
        }
        await invalidations.PublishAsync(CacheInvalidation.ForAccount(accountId)).ConfigureAwait(false);
        return TierWriteOutcome.Changed;
    }

    public async Task<AccountRecord?> DeleteAsync(string accountId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var account = await GetAsync(accountId, cancellationToken).ConfigureAwait(false);
        // The record goes first: from then on gateways resolve none of its keys and no key can be issued to it.
        if (account is null || !await db.KeyDeleteAsync(RedisKeys.Account(accountId)).ConfigureAwait(false))
        {
            return null;
        }
        await invalidations.PublishAsync(CacheInvalidation.ForAccount(accountId)).ConfigureAwait(false);

        // Everything else under the hash tag: key indexes, windows, daily usage. All on one slot, so one node
        // holds them; a window a gateway writes for a request still in flight expires by itself.
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            var batch = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(db.Database, RedisKeys.AccountPattern(accountId), pageSize: 250).ConfigureAwait(false))
            {
                batch.Add(key);
            }
            if (batch.Count > 0)
            {
                await db.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
            }
        }

        // Free the email only while it still names this account. (The single-command compare-and-delete the
        // analyzer suggests needs Redis 8.4; deployments run 7.)
#pragma warning disable SER301
        var release = db.CreateTransaction();
        release.AddCondition(Condition.StringEqual(RedisKeys.AccountByEmail(account.Email), accountId));
        _ = release.KeyDeleteAsync(RedisKeys.AccountByEmail(account.Email));
        await release.ExecuteAsync().ConfigureAwait(false);
#pragma warning restore SER301
        await db.SortedSetRemoveAsync(RedisKeys.AccountIndex, accountId).ConfigureAwait(false);
        return account;
    }

    private static async Task<IReadOnlyList<AccountRecord>> ReadManyAsync(IDatabase db, RedisValue[] ids)
    {
        var reads = await Task.WhenAll(ids.Select(id => db.HashGetAsync(RedisKeys.Account(id.ToString()), Fields))).ConfigureAwait(false);
        // An account deleted between the index read and this one is simply left out.
        return [.. reads.Select(FromValues).OfType<AccountRecord>()];
    }

    private static AccountRecord? FromValues(RedisValue[] values)
    {
        if (values[0].IsNull)
        {
            return null;
        }
        return new AccountRecord(
            values[0].ToString(),
            values[1].ToString(),
            values[2].ToString(),
            DateTimeOffset.FromUnixTimeMilliseconds((long)values[3]))
        {
            Billing = BillingFields.ReadBilling(values.AsSpan(4)),
            DisabledKeyIds = BillingFields.ReadDisabledKeyIds(values[4 + BillingFields.DisabledKeysIndex]),
            LimitOverride = LimitOverrideField.Read(values[LimitsIndex]),
        };
    }
}
