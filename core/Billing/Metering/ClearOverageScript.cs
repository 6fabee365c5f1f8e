using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Billing.Metering;

/// <summary>Typed wrapper of <c>Scripts/clear_overage.lua</c>: closes a reported batch, counting it into the current period.</summary>
internal sealed class ClearOverageScript() : EmbeddedLuaScript("Tollgate.Core.Billing.Metering.Scripts.clear_overage.lua")
{
    /// <summary>True when <paramref name="batch"/> was open and is closed now.</summary>
    public async Task<bool> EvaluateAsync(IDatabaseAsync database, OverageBatch batch, DateTimeOffset periodStart)
    {
        var result = await EvaluateAsync(database, [RedisKeys.AccountOverage(batch.AccountId)], [batch.Id, periodStart.ToUnixTimeMilliseconds()])
            .ConfigureAwait(false);
        return (int)result == 1;
    }
}
