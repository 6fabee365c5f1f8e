using Tollgate.SelfService.Contracts;
using Tollgate.Core.Accounts;

namespace Tollgate.SelfService.Tiers;

/// <summary>
/// The machine-readable part of a refused downgrade, the same for admins and for the dashboard: which tier,
/// how many keys are active and allowed, and which keys to revoke.
/// </summary>
public static class TooManyKeysProblem
{
    public static Dictionary<string, object?> Extensions(TierChangeResult.TooManyKeys tooMany) => new()
    {
        ["tier"] = tooMany.To.Name,
        ["active_keys"] = tooMany.Active,
        ["allowed_keys"] = tooMany.Allowed,
        ["revoke_count"] = tooMany.ToRevoke.Count,
        ["keys_to_revoke"] = tooMany.ToRevoke.Select(KeySummary.From).ToArray(),
    };
}
