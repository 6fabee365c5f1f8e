using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Billing.Metering;

/// <summary>Typed wrapper of <c>Scripts/seal_overage.lua</c>: moves an account's pending overage into a batch to report, unless one is open.</summary>
internal sealed class SealOverageScript() : EmbeddedLuaScript("Tollgate.Core.Billing.Metering.Scripts.seal_overage.lua")
{
    /// <summary>The open batch (sealed now from <c>pending</c> under <paramref name="newBatchId"/>, or left open before); null when nothing is owed.</summary>
    public async Task<OverageBatch?> EvaluateAsync(IDatabaseAsync database, string accountId, string newBatchId)
    {
        var result = await EvaluateAsync(database, [RedisKeys.AccountOverage(accountId)], [newBatchId]).ConfigureAwait(false);
        if (result.IsNull)
        {
            return null;
        }
        var values = (RedisResult[])result!;
        return new OverageBatch(accountId, values[0].ToString()!, (long)values[1]);
    }
}
