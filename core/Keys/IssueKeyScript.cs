using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Keys;

/// <summary>Typed wrapper of <c>Scripts/issue_key.lua</c>: count the account's active keys and index a new one atomically.</summary>
internal sealed class IssueKeyScript() : EmbeddedLuaScript("Tollgate.Core.Keys.Scripts.issue_key.lua")
{
    /// <summary>Runs the script for <paramref name="accountId"/>.</summary>
    /// <param name="database">Where to run it.</param>
    /// <param name="accountId">Owner of the new key.</param>
    /// <param name="now">The caller's clock; expired index entries older than it are dropped.</param>
    /// <param name="expectedTier">The account must exist and still be on this tier.</param>
    /// <param name="maxActiveKeys">Most active keys allowed.</param>
    /// <param name="record">The new key's record, already written under <paramref name="keyHash"/>.</param>
    /// <param name="keyHash">The new key's HMAC.</param>
    /// <param name="replacedKeyId">Key the new one replaces (rotation); it does not count against the limit.</param>
    /// <param name="replacedExpiresAt">When the replaced key stops counting; null for at once.</param>
    public async Task<IssueKeyScriptResult> EvaluateAsync(
        IDatabaseAsync database,
        string accountId,
        DateTimeOffset now,
        string expectedTier,
        int maxActiveKeys,
        ApiKeyRecord record,
        string keyHash,
        string? replacedKeyId = null,
        DateTimeOffset? replacedExpiresAt = null)
    {
        RedisKey[] keys = [RedisKeys.Account(accountId), RedisKeys.AccountKeys(accountId), RedisKeys.AccountActiveKeys(accountId)];
        RedisValue[] args =
        [
            now.ToUnixTimeMilliseconds(),
            expectedTier,
            maxActiveKeys,
            record.KeyId,
            keyHash,
            record.ExpiresAt?.ToUnixTimeMilliseconds() ?? 0,
            replacedKeyId ?? "",
            replacedExpiresAt?.ToUnixTimeMilliseconds() ?? 0,
        ];
        var values = (RedisResult[])(await EvaluateAsync(database, keys, args).ConfigureAwait(false))!;
        return new IssueKeyScriptResult((IssueKeyScriptStatus)(int)values[0], (int)values[1]);
    }
}
