using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Accounts;

/// <summary>Typed wrapper of <c>Scripts/change_tier.lua</c>: check the active keys against the new tier and move the account, atomically.</summary>
internal sealed class ChangeTierScript() : EmbeddedLuaScript("Tollgate.Core.Accounts.Scripts.change_tier.lua")
{
    /// <summary>Runs the script; answers the outcome and the active keys found.</summary>
    public async Task<(TierWriteOutcome Outcome, int ActiveKeys)> EvaluateAsync(
        IDatabaseAsync database, string accountId, DateTimeOffset now, string fromTier, string toTier, int maxActiveKeys)
    {
        RedisKey[] keys = [RedisKeys.Account(accountId), RedisKeys.AccountActiveKeys(accountId)];
        RedisValue[] args = [now.ToUnixTimeMilliseconds(), fromTier, toTier, maxActiveKeys];
        var values = (RedisResult[])(await EvaluateAsync(database, keys, args).ConfigureAwait(false))!;
        var outcome = (int)values[0] switch
        {
            1 => TierWriteOutcome.Changed,
            0 => TierWriteOutcome.TooManyKeys,
            -1 => TierWriteOutcome.AccountNotFound,
            -2 => TierWriteOutcome.TierChanged,
            var status => throw new InvalidOperationException($"change_tier.lua answered an unexpected status {status}."),
        };
        return (outcome, (int)values[1]);
    }
}
