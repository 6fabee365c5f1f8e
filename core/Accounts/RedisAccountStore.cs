using StackExchange.Redis;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Accounts;

/// <summary><see cref="IAccountStore"/> over Redis hashes (see <see cref="RedisKeys"/>).</summary>
internal sealed class RedisAccountStore(
    IConnectionMultiplexer redis,
    InvalidationPublisher invalidations,
    TimeProvider timeProvider) : IAccountStore
{
    private const string IdField = "id";
    private const string EmailField = "email";
    private const string TierField = "tier";
    private const string CreatedField = "created_at";

    public async Task<AccountRecord?> CreateAsync(string email, string tier, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var normalized = email.Trim().ToLowerInvariant();
        var account = new AccountRecord(Ids.NewAccountId(), normalized, tier, timeProvider.GetUtcNow());

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
        var values = await redis.GetDatabase()
            .HashGetAsync(RedisKeys.Account(accountId), [IdField, EmailField, TierField, CreatedField])
            .ConfigureAwait(false);
        if (values[0].IsNull)
        {
            return null;
        }
        return new AccountRecord(
            values[0].ToString(),
            values[1].ToString(),
            values[2].ToString(),
            DateTimeOffset.FromUnixTimeMilliseconds((long)values[3]));
    }

    public async Task<bool> ChangeTierAsync(string accountId, string tier, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var key = RedisKeys.Account(accountId);
        // Only an existing account may change: the condition keeps a stray write from creating a husk.
        var transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(key));
        _ = transaction.HashSetAsync(key, TierField, tier);
        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            return false;
        }
        await invalidations.PublishAsync(CacheInvalidation.ForAccount(accountId)).ConfigureAwait(false);
        return true;
    }
}
