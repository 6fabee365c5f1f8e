using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Billing.Metering;

/// <summary>
/// The accounts' overage hashes (<see cref="RedisKeys.AccountOverage"/>): <c>pending</c> is added to by the limiter script in the
/// call that admits the units; everything else (<c>batch_id</c>, <c>batch_units</c>, <c>period_start</c>, <c>period_reported</c>)
/// is written here, by scripts on the account's slot.
/// </summary>
internal sealed class OverageLedger(IConnectionMultiplexer redis, SealOverageScript seal, ClearOverageScript clear)
{
    /// <summary>Accounts read from the account index per round trip when looking for overage to report.</summary>
    public const int PageSize = 500;

    private static readonly RedisValue[] OwedFields = ["pending", "batch_id"];

    /// <summary>
    /// Every account with units pending or a batch open. Walks the account index itself (every account is in it, and it outlives
    /// every process), one pipelined read per <see cref="PageSize"/> accounts, so no separate list of accounts to bill can lose one.
    /// </summary>
    public async IAsyncEnumerable<string> OwingAccountsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        for (long start = 0; ; start += PageSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = await db.SortedSetRangeByRankAsync(RedisKeys.AccountIndex, start, start + PageSize - 1).ConfigureAwait(false);
            if (ids.Length == 0)
            {
                yield break;
            }
            var reads = ids.Select(id => db.HashGetAsync(RedisKeys.AccountOverage(id.ToString()), OwedFields)).ToArray();
            await Task.WhenAll(reads).ConfigureAwait(false);
            for (var i = 0; i < ids.Length; i++)
            {
                var values = reads[i].Result;
                if ((!values[0].IsNull && (long)values[0] > 0) || !values[1].IsNull)
                {
                    yield return ids[i].ToString();
                }
            }
            if (ids.Length < PageSize)
            {
                yield break;
            }
        }
    }

    /// <summary>The batch to report for <paramref name="accountId"/>: the open one, or pending units sealed now under a new identifier.</summary>
    public Task<OverageBatch?> SealAsync(string accountId) => seal.EvaluateAsync(redis.GetDatabase(), accountId, NewBatchId(accountId));

    /// <summary>Closes <paramref name="batch"/> after the provider took it; false when it was closed already.</summary>
    public Task<bool> ClearAsync(OverageBatch batch, DateTimeOffset periodStart) => clear.EvaluateAsync(redis.GetDatabase(), batch, periodStart);

    /// <summary>A fresh batch identifier: unique for ever (Stripe keeps identifiers for at least a day), at most 100 characters.</summary>
    private static string NewBatchId(string accountId) => $"tg_ovg_{accountId}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
}
